/* tests/unit/test_form_versions.c — a formset holding several versions of a
 * form (core/form.c formset_add, formset_find_version, formset_find_for):
 * the newest for new records, each version found for the records begun
 * under it, a bad definition refused with its place, the same version
 * never replaced. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "tests/unit/testutil.h"

#define DEF(id, ver, field)                                                              \
	"{\"id\": \"" id "\", \"version\": " #ver ", \"title\": {\"zh\": \"表\", \"en\": \"Form\"}, " \
	"\"kinds\": [\"*\"], \"requirements\": [\"R1.1\"], \"fields\": [{\"id\": \"" field   \
	"\", \"type\": \"text\", \"label\": {\"zh\": \"名称\", \"en\": \"Name\"}, \"req\": \"R1.1\"}]}"

typedef struct {
	char *dir;
	formset *fs;
	msglist probs;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);
	char *p;

	if (!f)
		return -1;
	f->dir = tu_tmpdir();
	p = tu_path(f->dir, "a.json");
	tu_write(p, DEF("a", 2, "v2"));
	free(p);
	tu_status(formset_load(f->dir, &f->fs, &f->probs), JL_OK, &f->probs);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;

	formset_free(f->fs);
	msglist_free(&f->probs);
	tu_rmtree(f->dir);
	free(f);
	return 0;
}

static jl_status add(fixture *f, const char *text, const form **added)
{
	return formset_add(f->fs, "HQ@0/a.json", text, strlen(text), added, &f->probs);
}

static void test_newer_version_is_used_for_new_records_older_kept(void **state)
{
	fixture *f = *state;
	const form *added = NULL;

	tu_status(add(f, DEF("a", 3, "v3"), &added), JL_OK, &f->probs);
	assert_non_null(added);
	assert_int_equal(formset_find(f->fs, "a")->version, 3);
	assert_int_equal(formset_count(f->fs), 1);
	assert_int_equal(formset_older_count(f->fs), 1);
	assert_int_equal(formset_older_at(f->fs, 0)->version, 2);
	/* Each version by (id, version); a record's own version first. */
	assert_non_null(form_field_find(formset_find_version(f->fs, "a", 2), "v2"));
	assert_non_null(form_field_find(formset_find_version(f->fs, "a", 3), "v3"));
	assert_null(formset_find_version(f->fs, "a", 1));
	assert_int_equal(formset_find_for(f->fs, "a", 2)->version, 2);
	/* A version held nowhere: the newest, as before versions travelled. */
	assert_int_equal(formset_find_for(f->fs, "a", 1)->version, 3);
	assert_null(formset_find_for(f->fs, "b", 1));
}

static void test_older_version_added_does_not_replace_the_newest(void **state)
{
	fixture *f = *state;

	tu_status(add(f, DEF("a", 1, "v1"), NULL), JL_OK, &f->probs);
	assert_int_equal(formset_find(f->fs, "a")->version, 2);
	assert_int_equal(formset_find_for(f->fs, "a", 1)->version, 1);
}

static void test_same_version_is_never_replaced(void **state)
{
	fixture *f = *state;
	const form *added = (const form *)1;

	tu_status(add(f, DEF("a", 2, "other"), &added), JL_OK, &f->probs);
	assert_null(added);
	assert_non_null(form_field_find(formset_find(f->fs, "a"), "v2"));
	assert_null(form_field_find(formset_find(f->fs, "a"), "other"));
	assert_int_equal(formset_older_count(f->fs), 0);
}

static void test_bad_definition_refused_with_its_place(void **state)
{
	fixture *f = *state;
	const char *bad = "{\"id\": \"a\", \"version\": 4, \"title\": {\"zh\": \"表\"}, \"kinds\": [\"*\"], "
			  "\"requirements\": [\"R1.1\"], \"fields\": [{\"id\": \"x\", \"type\": \"colour\", "
			  "\"label\": {\"zh\": \"名\"}, \"req\": \"R1.1\"}]}";
	const char *stray = "{\"id\": \"b\", \"version\": 1, \"title\": {\"zh\": \"表\", \"en\": \"F\"}, "
			    "\"kinds\": [\"*\"], \"requirements\": [\"R1.1\"], \"fields\": [{\"id\": \"x\", "
			    "\"type\": \"record\", \"form\": \"nowhere\", "
			    "\"label\": {\"zh\": \"名\", \"en\": \"N\"}, \"req\": \"R1.1\"}]}";

	assert_int_equal(add(f, bad, NULL), JL_EINVALID);
	tu_expect(&f->probs, NULL, "HQ@0/a.json: $.fields[0].type", "");
	assert_int_equal(formset_find(f->fs, "a")->version, 2);
	msglist_free(&f->probs);
	assert_int_equal(formset_add(f->fs, "HQ@0/b.json", stray, strlen(stray), NULL, &f->probs),
			 JL_EINVALID);
	tu_expect(&f->probs, NULL, "HQ@0/b.json: $.fields[0].form", "nowhere");
	assert_null(formset_find(f->fs, "b"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_newer_version_is_used_for_new_records_older_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_older_version_added_does_not_replace_the_newest, setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_version_is_never_replaced, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_definition_refused_with_its_place, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
