/* tests/unit/test_form.c — form definitions (core/form.c, core/form_read.c;
 * forms/README.md): the real forms/ load clean, and each kind of bad
 * definition is reported with its file and JSON path and left out while the
 * good ones load. Nothing here may crash (run it under ASan too). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/form.h"
#include "tests/unit/testutil.h"

#define REAL_FORMS 34

/* A definition's opening keys; a field; kinds.json that asks nothing. */
#define HEAD(id)                                                                        \
	"{\"id\": \"" id "\", \"version\": 1, \"title\": {\"zh\": \"表\", \"en\": \"Form\"}, " \
	"\"kinds\": [\"*\"], \"requirements\": [\"R1.1\"], "
#define LABEL "\"label\": {\"zh\": \"名称\", \"en\": \"Name\"}"
#define NAME_FIELD "{\"id\": \"name\", \"type\": \"text\", " LABEL ", \"req\": \"R1.1\"}"
/* Every condition and every check has its words (forms/README.md). */
#define DESC "\"describe\": {\"zh\": \"条件\", \"en\": \"the rule\"}"
#define FORM(id, fields_and_more) HEAD(id) "\"fields\": [" fields_and_more
#define KINDS_EMPTY                                                                     \
	"{\"licensing\": [], \"penalty\": [], \"compulsory\": [], \"inspection\": [], \"fee\": []}"

typedef struct {
	char *dir;
	formset *fs;
	msglist probs;
} fixture;

static void put(fixture *f, const char *name, const char *text)
{
	char *p = tu_path(f->dir, name);

	tu_write(p, text);
	free(p);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof *f);

	if (!f)
		return -1;
	f->dir = tu_tmpdir();
	put(f, "kinds.json", KINDS_EMPTY);
	put(f, "good.json", FORM("good", NAME_FIELD "]}"));
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

static void load(fixture *f)
{
	formset_free(f->fs);
	f->fs = NULL;
	msglist_free(&f->probs);
	tu_status(formset_load(f->dir, &f->fs, &f->probs), JL_OK, &f->probs);
	assert_non_null(f->fs);
}

/* "DIR/FILE: $PATH" as problems name a place; caller frees. */
static char *where(fixture *f, const char *file, const char *path)
{
	buf b = BUF_INIT;

	if (path)
		buf_printf(&b, "%s/%s: $%s", f->dir, file, path);
	else
		buf_printf(&b, "%s/%s", f->dir, file);
	return buf_steal(&b);
}

/* Writes bad.json with TEXT, loads, and expects: a problem at PATH (NULL:
 * the file itself) containing WHAT; form "bad" left out; "good" loaded. */
static void expect_bad(fixture *f, const char *text, const char *path, const char *what)
{
	char *w = where(f, "bad.json", path);

	put(f, "bad.json", text);
	load(f);
	tu_expect(&f->probs, NULL, w, what);
	assert_null(formset_find(f->fs, "bad"));
	assert_non_null(formset_find(f->fs, "good"));
	assert_int_equal(formset_count(f->fs), 1);
	free(w);
}

static void test_real_forms_load_all_without_problems(void **state)
{
	formset *fs = NULL;
	msglist probs = MSGLIST_INIT;

	(void)state;
	tu_status(formset_load("forms", &fs, &probs), JL_OK, &probs);
	if (probs.n) {
		tu_dump(&probs);
		fail_msg("%zu problems in forms/", probs.n);
	}
	assert_int_equal(formset_count(fs), REAL_FORMS);
	assert_non_null(formset_kinds(fs));
	formset_free(fs);
}

static void test_real_forms_are_in_id_order_and_found_by_id(void **state)
{
	formset *fs = NULL;
	msglist probs = MSGLIST_INIT;
	int i;

	(void)state;
	tu_status(formset_load("forms", &fs, &probs), JL_OK, &probs);
	for (i = 0; i < formset_count(fs); i++) {
		const form *f = formset_at(fs, i);
		char *file = tu_path("forms", f->id);
		if (i > 0)
			assert_true(strcmp(formset_at(fs, i - 1)->id, f->id) < 0);
		assert_ptr_equal(formset_find(fs, f->id), f);
		/* Each came from <id>.json. */
		assert_non_null(strstr(f->file, file));
		assert_true(f->version >= 1);
		assert_true(f->nfields > 0);
		free(file);
	}
	assert_null(formset_find(fs, "no.such"));
	assert_null(formset_find(fs, ""));
	formset_free(fs);
	msglist_free(&probs);
}

static void test_real_inspection_form_reads_as_written(void **state)
{
	formset *fs = NULL;
	msglist probs = MSGLIST_INIT;
	const form *f;
	const form_field *fd;
	cJSON *data;
	buf err = BUF_INIT;

	(void)state;
	tu_status(formset_load("forms", &fs, &probs), JL_OK, &probs);
	f = formset_find(fs, "inspection.onsite");
	assert_non_null(f);
	assert_true(form_allows_kind(f, "inspection"));
	assert_false(form_allows_kind(f, "penalty"));
	/* Who signs is the signatures field's own: a party and two officers. */
	fd = form_field_find(f, "signatures");
	assert_non_null(fd);
	assert_int_equal(fd->nsigners, 2);
	assert_int_equal(fd->signers[1].min, 2);
	assert_true(fd->signers[1].signed_only);
	assert_string_equal(fd->signers[1].roles[0], "officer");
	assert_false(form_has_rule(f, "signature_rule"));
	assert_string_equal(form_text_get(&f->title, "en"), "On-site inspection record");
	fd = form_field_find(f, "officers");
	assert_non_null(fd);
	assert_int_equal(fd->type, SHAPE_OFFICERS);
	assert_int_equal(fd->min, 2);
	assert_true(fd->required);
	fd = form_field_find(f, "result");
	assert_int_equal(fd->nchoices, 3);
	assert_string_equal(form_choice_label(fd, "referred", "en"), "Referred");
	assert_string_equal(form_choice_label(fd, "nonesuch", "en"), "nonesuch");
	fd = form_field_find(f, "result_detail");
	assert_string_equal(fd->when, "$result <> 'no_issue'");
	assert_int_equal(f->nchecks, 1);
	/* Its check runs on the set's own engine. */
	data = tu_json("{\"started_at\": \"2024-05-01T10:00\", \"ended_at\": \"2024-05-01T09:00\"}");
	assert_int_equal(cond_eval(formset_cond(fs), f->checks[0].expr, data, NULL, &err), 0);
	cJSON_Delete(data);
	buf_free(&err);
	formset_free(fs);
	msglist_free(&probs);
}

static void test_missing_directory_is_estore(void **state)
{
	fixture *f = *state;
	char *none = tu_path(f->dir, "none");
	formset *fs = (formset *)1;
	msglist probs = MSGLIST_INIT;

	assert_int_equal(formset_load(none, &fs, &probs), JL_ESTORE);
	assert_null(fs);
	tu_expect(&probs, NULL, none, NULL);
	msglist_free(&probs);
	free(none);
}

static void test_template_definition_loads_without_problems(void **state)
{
	fixture *f = *state;

	/* The bad definitions below each differ from this one in one thing. */
	put(f, "bad.json", FORM("bad", NAME_FIELD ", {\"id\": \"count\", \"type\": \"list\", "
			    LABEL ", \"req\": \"R1.2\", \"min\": 1, \"when\": \"$name IS NOT NULL\", " DESC "}], "
			    "\"checks\": [{\"id\": \"c\", \"req\": \"R1.1\", \"field\": \"name\", "
			    "\"expr\": \"length($name) > 1\", \"message\": {\"zh\": \"短\", \"en\": \"short\"}, " DESC "}], "
			    "\"findings\": [{\"id\": \"f\", \"req\": \"R1.1\", \"expr\": \"$_audio >= 0\", "
			    "\"message\": {\"zh\": \"无\", \"en\": \"none\"}, " DESC "}], "
			    "\"rules\": [\"after_close\"]}"));
	load(f);
	if (f->probs.n) {
		tu_dump(&f->probs);
		fail_msg("template has problems");
	}
	assert_int_equal(formset_count(f->fs), 2);
	assert_non_null(formset_find(f->fs, "bad"));
}

static void test_files_that_are_not_definitions_are_ignored(void **state)
{
	fixture *f = *state;

	put(f, "README.md", "# not a form");
	put(f, ".hidden.json", "not even JSON");
	put(f, "notes.json~", "not even JSON");
	put(f, ".json", "not even JSON");
	load(f);
	assert_int_equal(f->probs.n, 0);
	assert_int_equal(formset_count(f->fs), 1);
}

static void test_invalid_json_is_reported_with_its_line(void **state)
{
	fixture *f = *state;
	char *w = where(f, "bad.json", NULL);

	put(f, "bad.json", "{\n  \"id\": \"bad\",\n  \"version\": 1,\n  oops\n}\n");
	load(f);
	tu_expect(&f->probs, NULL, w, "line 4");
	assert_null(formset_find(f->fs, "bad"));
	assert_non_null(formset_find(f->fs, "good"));
	free(w);
}

static void test_id_not_matching_the_file_name(void **state)
{
	expect_bad(*state, FORM("other", NAME_FIELD "]}"), ".id", "must match the file name");
	/* Not offered under the id it claims either. */
	assert_null(formset_find(((fixture *)*state)->fs, "other"));
}

static void test_id_that_is_a_prefix_of_the_file_name(void **state)
{
	expect_bad(*state, FORM("ba", NAME_FIELD "]}"), ".id", "must match the file name");
}

static void test_missing_id(void **state)
{
	expect_bad(*state, "{\"version\": 1, \"title\": {\"zh\": \"表\", \"en\": \"Form\"}, "
			   "\"kinds\": [\"*\"], \"fields\": [" NAME_FIELD "]}",
		   ".id", "missing form id");
}

static void test_version_below_one(void **state)
{
	expect_bad(*state, "{\"id\": \"bad\", \"version\": 0, \"title\": {\"zh\": \"表\", \"en\": \"Form\"}, "
			   "\"kinds\": [\"*\"], \"fields\": [" NAME_FIELD "]}",
		   ".version", "integer");
}

static void test_unknown_kind_of_action(void **state)
{
	expect_bad(*state, "{\"id\": \"bad\", \"version\": 1, \"title\": {\"zh\": \"表\", \"en\": \"Form\"}, "
			   "\"kinds\": [\"audit\"], \"fields\": [" NAME_FIELD "]}",
		   ".kinds[0]", "unknown kind of action: audit");
}

static void test_unknown_field_type(void **state)
{
	expect_bad(*state, FORM("bad", "{\"id\": \"name\", \"type\": \"textual\", " LABEL
				       ", \"req\": \"R1.1\"}]}"),
		   ".fields[0].type", "unknown value shape");
}

static void test_missing_label(void **state)
{
	expect_bad(*state, FORM("bad", NAME_FIELD ", {\"id\": \"x\", \"type\": \"text\", "
				       "\"req\": \"R1.1\"}]}"),
		   ".fields[1].label", "missing");
}

static void test_label_without_english(void **state)
{
	expect_bad(*state, FORM("bad", "{\"id\": \"name\", \"type\": \"text\", "
				       "\"label\": {\"zh\": \"名称\"}, \"req\": \"R1.1\"}]}"),
		   ".fields[0].label", "non-empty zh and en");
}

static void test_bad_requirement_id(void **state)
{
	expect_bad(*state, FORM("bad", "{\"id\": \"name\", \"type\": \"text\", " LABEL
				       ", \"req\": \"18.1\"}]}"),
		   ".fields[0].req", "requirement id");
}

static void test_missing_requirement_id(void **state)
{
	expect_bad(*state, FORM("bad", "{\"id\": \"name\", \"type\": \"text\", " LABEL "}]}"),
		   ".fields[0].req", "requirement id");
}

static void test_bad_field_id(void **state)
{
	expect_bad(*state, FORM("bad", "{\"id\": \"Name\", \"type\": \"text\", " LABEL
				       ", \"req\": \"R1.1\"}]}"),
		   ".fields[0].id", "lower-case");
}

static void test_unknown_key_at_the_top(void **state)
{
	expect_bad(*state, FORM("bad", NAME_FIELD "], \"colour\": \"red\"}"), ".colour", "unknown key");
}

static void test_unknown_key_in_a_field(void **state)
{
	expect_bad(*state, FORM("bad", "{\"id\": \"name\", \"type\": \"text\", " LABEL
				       ", \"req\": \"R1.1\", \"size\": 3}]}"),
		   ".fields[0].size", "unknown key");
}

static void test_when_naming_an_unknown_field(void **state)
{
	expect_bad(*state, FORM("bad", NAME_FIELD ", {\"id\": \"x\", \"type\": \"text\", " LABEL
				       ", \"req\": \"R1.1\", \"when\": \"$nosuch = 1\"}]}"),
		   ".fields[1].when", "$nosuch");
}

static void test_when_may_name_a_later_field(void **state)
{
	fixture *f = *state;

	put(f, "bad.json", FORM("bad", "{\"id\": \"x\", \"type\": \"text\", " LABEL
				       ", \"req\": \"R1.1\", \"when\": \"$name = 'a'\", " DESC "}, " NAME_FIELD "]}"));
	load(f);
	assert_int_equal(f->probs.n, 0);
	assert_non_null(formset_find(f->fs, "bad"));
}

static void test_check_expression_with_a_syntax_error(void **state)
{
	expect_bad(*state, FORM("bad", NAME_FIELD "], \"checks\": [{\"id\": \"c\", \"req\": \"R1.1\", "
				       "\"expr\": \"$name = = 1\", \"message\": {\"zh\": \"错\", \"en\": \"wrong\"}}]}"),
		   ".checks[0].expr", "invalid expression");
}

static void test_check_expression_that_calls_random(void **state)
{
	expect_bad(*state, FORM("bad", NAME_FIELD "], \"checks\": [{\"id\": \"c\", \"req\": \"R1.1\", "
				       "\"expr\": \"random() > 0\", \"message\": {\"zh\": \"错\", \"en\": \"wrong\"}}]}"),
		   ".checks[0].expr", "random");
}

static void test_check_expression_that_is_not_one_expression(void **state)
{
	expect_bad(*state, FORM("bad", NAME_FIELD "], \"checks\": [{\"id\": \"c\", \"req\": \"R1.1\", "
				       "\"expr\": \"1) UNION SELECT (0\", \"message\": {\"zh\": \"错\", \"en\": \"wrong\"}}]}"),
		   ".checks[0].expr", "invalid expression");
}

static void test_check_without_expression(void **state)
{
	expect_bad(*state, FORM("bad", NAME_FIELD "], \"checks\": [{\"id\": \"c\", \"req\": \"R1.1\", "
				       "\"message\": {\"zh\": \"错\", \"en\": \"wrong\"}}]}"),
		   ".checks[0].expr", "missing expression");
}

static void test_check_on_an_unknown_field(void **state)
{
	expect_bad(*state, FORM("bad", NAME_FIELD "], \"checks\": [{\"id\": \"c\", \"req\": \"R1.1\", "
				       "\"field\": \"nosuch\", \"expr\": \"1\", "
				       "\"message\": {\"zh\": \"错\", \"en\": \"wrong\"}}]}"),
		   ".checks[0].field", "names no field");
}

static void test_media_counts_are_for_findings_not_checks(void **state)
{
	expect_bad(*state, FORM("bad", NAME_FIELD "], \"checks\": [{\"id\": \"c\", \"req\": \"R1.1\", "
				       "\"expr\": \"$_audio >= 1\", \"message\": {\"zh\": \"错\", \"en\": \"wrong\"}}]}"),
		   ".checks[0].expr", "$_audio");
}

static void test_duplicate_field_id(void **state)
{
	expect_bad(*state, FORM("bad", NAME_FIELD ", " NAME_FIELD "]}"), ".fields[1].id",
		   "field name given twice");
}

static void test_unknown_rule(void **state)
{
	expect_bad(*state, FORM("bad", NAME_FIELD "], \"rules\": [\"no_such_rule\"]}"), ".rules[0]",
		   "unknown rule: no_such_rule");
}

static void test_min_on_a_text_field(void **state)
{
	expect_bad(*state, FORM("bad", "{\"id\": \"name\", \"type\": \"text\", " LABEL
				       ", \"req\": \"R1.1\", \"min\": 2}]}"),
		   ".fields[0].min", "only for list");
}

static void test_negative_min(void **state)
{
	expect_bad(*state, FORM("bad", "{\"id\": \"name\", \"type\": \"list\", " LABEL
				       ", \"req\": \"R1.1\", \"min\": -1}]}"),
		   ".fields[0].min", "non-negative integer");
}

static void test_choice_without_choices(void **state)
{
	expect_bad(*state, FORM("bad", "{\"id\": \"name\", \"type\": \"choice\", " LABEL
				       ", \"req\": \"R1.1\"}]}"),
		   ".fields[0].choices", "non-empty array");
}

static void test_choice_with_empty_choices(void **state)
{
	expect_bad(*state, FORM("bad", "{\"id\": \"name\", \"type\": \"choices\", " LABEL
				       ", \"req\": \"R1.1\", \"choices\": []}]}"),
		   ".fields[0].choices", "non-empty array");
}

static void test_choice_given_twice(void **state)
{
	expect_bad(*state, FORM("bad", "{\"id\": \"name\", \"type\": \"choice\", " LABEL
				       ", \"req\": \"R1.1\", \"choices\": ["
				       "{\"id\": \"a\", " LABEL "}, {\"id\": \"a\", " LABEL "}]}]}"),
		   ".fields[0].choices[1].id", "choice given twice");
}

static void test_choices_on_a_text_field(void **state)
{
	expect_bad(*state, FORM("bad", "{\"id\": \"name\", \"type\": \"text\", " LABEL
				       ", \"req\": \"R1.1\", \"choices\": [{\"id\": \"a\", " LABEL "}]}]}"),
		   ".fields[0].choices", "only for choice");
}

static void test_form_target_that_does_not_exist(void **state)
{
	expect_bad(*state, FORM("bad", NAME_FIELD ", {\"id\": \"link\", \"type\": \"record\", " LABEL
				       ", \"req\": \"R1.1\", \"form\": \"no.such\"}]}"),
		   ".fields[1].form", "no form no.such");
}

static void test_form_target_on_a_text_field(void **state)
{
	expect_bad(*state, FORM("bad", "{\"id\": \"name\", \"type\": \"text\", " LABEL
				       ", \"req\": \"R1.1\", \"form\": \"good\"}]}"),
		   ".fields[0].form", "only for the record shape");
}

static void test_form_target_that_exists_is_accepted(void **state)
{
	fixture *f = *state;

	put(f, "bad.json", FORM("bad", "{\"id\": \"link\", \"type\": \"record\", " LABEL
				       ", \"req\": \"R1.1\", \"form\": \"good\"}]}"));
	load(f);
	assert_int_equal(f->probs.n, 0);
	assert_string_equal(form_field_find(formset_find(f->fs, "bad"), "link")->form, "good");
}

static void test_form_target_left_out_takes_its_referrers_with_it(void **state)
{
	fixture *f = *state;
	char *w = where(f, "a.json", ".fields[0].form");

	/* a → b → c, and c is bad: b and then a point at nothing usable. */
	put(f, "a.json", FORM("a", "{\"id\": \"link\", \"type\": \"record\", " LABEL
				   ", \"req\": \"R1.1\", \"form\": \"b\"}]}"));
	put(f, "b.json", FORM("b", "{\"id\": \"link\", \"type\": \"record\", " LABEL
				   ", \"req\": \"R1.1\", \"form\": \"c\"}]}"));
	put(f, "c.json", FORM("c", NAME_FIELD "], \"colour\": 1}"));
	load(f);
	assert_null(formset_find(f->fs, "c"));
	assert_null(formset_find(f->fs, "b"));
	assert_null(formset_find(f->fs, "a"));
	assert_int_equal(formset_count(f->fs), 1);
	tu_expect(&f->probs, NULL, w, "no form b");
	free(w);
}

static void test_definition_that_is_a_json_array(void **state)
{
	expect_bad(*state, "[" NAME_FIELD "]", "", "must be a JSON object");
}

static void test_definition_that_is_a_json_string(void **state)
{
	expect_bad(*state, "\"bad\"", "", "must be a JSON object");
}

static void test_empty_file(void **state)
{
	expect_bad(*state, "", NULL, "JSON");
}

static void test_file_of_white_space(void **state)
{
	expect_bad(*state, "\n\n  \n", NULL, "JSON");
}

static void test_form_with_no_fields(void **state)
{
	expect_bad(*state, FORM("bad", "]}"), ".fields", "non-empty array");
}

static void test_form_whose_fields_are_not_an_array(void **state)
{
	expect_bad(*state, HEAD("bad") "\"fields\": {\"name\": " NAME_FIELD "}}", ".fields",
		   "non-empty array");
}

static void test_field_that_is_not_an_object(void **state)
{
	expect_bad(*state, FORM("bad", NAME_FIELD ", \"x\", 3, null]}"), ".fields[1]", "must be an object");
}

static void test_every_problem_of_a_definition_is_reported(void **state)
{
	fixture *f = *state;
	char *w1 = where(f, "bad.json", ".fields[0].type");
	char *w2 = where(f, "bad.json", ".fields[1].req");
	char *w3 = where(f, "bad.json", ".rules[0]");

	put(f, "bad.json", FORM("bad", "{\"id\": \"name\", \"type\": \"textual\", " LABEL
				       ", \"req\": \"R1.1\"}, {\"id\": \"x\", \"type\": \"text\", "
				       LABEL ", \"req\": \"x\"}], \"rules\": [\"nope\"]}"));
	load(f);
	tu_expect(&f->probs, NULL, w1, NULL);
	tu_expect(&f->probs, NULL, w2, NULL);
	tu_expect(&f->probs, NULL, w3, NULL);
	assert_null(formset_find(f->fs, "bad"));
	free(w1);
	free(w2);
	free(w3);
}

static void test_several_bad_definitions_leave_the_good_ones(void **state)
{
	fixture *f = *state;

	put(f, "bad.json", "[]");
	put(f, "worse.json", "{");
	put(f, "also.json", FORM("also", NAME_FIELD "]}"));
	load(f);
	assert_int_equal(formset_count(f->fs), 2);
	assert_non_null(formset_find(f->fs, "good"));
	assert_non_null(formset_find(f->fs, "also"));
	assert_int_equal(f->probs.n, 2);
}

/*
 * Definitions left out had their expressions compiled (on the set's engine,
 * which caches by address) and freed. A good definition read after them may
 * get the same addresses: its checks must still be its own.
 */
static void test_expressions_of_left_out_definitions_do_not_stand_in_for_good_ones(void **state)
{
	fixture *f = *state;
	cJSON *data = tu_json("{\"name\": \"x\"}");
	buf text = BUF_INIT, err = BUF_INIT;
	const form *good;
	int i, k;

	for (i = 0; i < 20; i++) {
		char name[32];
		buf_reset(&text);
		buf_puts(&text, FORM("", NAME_FIELD "], \"checks\": ["));
		for (k = 0; k < 10; k++)
			buf_printf(&text, "%s{\"id\": \"c\", \"req\": \"R1.1\", \"expr\": "
				   "\"$name = 'a%02d_%02d'\", \"message\": {\"zh\": \"z\", \"en\": \"e\"}, " DESC "}",
				   k ? ", " : "", i, k);
		buf_puts(&text, "], \"colour\": 1}"); /* the problem that leaves it out */
		snprintf(name, sizeof name, "a%02d.json", i);
		put(f, name, buf_str(&text));
	}
	buf_reset(&text);
	buf_puts(&text, FORM("zz", NAME_FIELD "], \"checks\": ["));
	for (k = 0; k < 10; k++)
		buf_printf(&text, "%s{\"id\": \"c\", \"req\": \"R1.1\", \"expr\": "
			   "\"$name <> 'z%02d'\", \"message\": {\"zh\": \"z\", \"en\": \"e\"}, " DESC "}",
			   k ? ", " : "", k);
	buf_puts(&text, "]}");
	put(f, "zz.json", buf_str(&text));
	load(f);
	good = formset_find(f->fs, "zz");
	assert_non_null(good);
	assert_int_equal(good->nchecks, 10);
	for (k = 0; k < good->nchecks; k++) {
		int r = cond_eval(formset_cond(f->fs), good->checks[k].expr, data, NULL, &err);
		if (r != 1)
			fail_msg("check %d (%s) gave %d", k, good->checks[k].expr, r);
	}
	cJSON_Delete(data);
	buf_free(&text);
	buf_free(&err);
}

int main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_forms_load_all_without_problems),
		cmocka_unit_test(test_real_forms_are_in_id_order_and_found_by_id),
		cmocka_unit_test(test_real_inspection_form_reads_as_written),
		T(test_missing_directory_is_estore),
		T(test_template_definition_loads_without_problems),
		T(test_files_that_are_not_definitions_are_ignored),
		T(test_invalid_json_is_reported_with_its_line),
		T(test_id_not_matching_the_file_name),
		T(test_id_that_is_a_prefix_of_the_file_name),
		T(test_missing_id),
		T(test_version_below_one),
		T(test_unknown_kind_of_action),
		T(test_unknown_field_type),
		T(test_missing_label),
		T(test_label_without_english),
		T(test_bad_requirement_id),
		T(test_missing_requirement_id),
		T(test_bad_field_id),
		T(test_unknown_key_at_the_top),
		T(test_unknown_key_in_a_field),
		T(test_when_naming_an_unknown_field),
		T(test_when_may_name_a_later_field),
		T(test_check_expression_with_a_syntax_error),
		T(test_check_expression_that_calls_random),
		T(test_check_expression_that_is_not_one_expression),
		T(test_check_without_expression),
		T(test_check_on_an_unknown_field),
		T(test_media_counts_are_for_findings_not_checks),
		T(test_duplicate_field_id),
		T(test_unknown_rule),
		T(test_min_on_a_text_field),
		T(test_negative_min),
		T(test_choice_without_choices),
		T(test_choice_with_empty_choices),
		T(test_choice_given_twice),
		T(test_choices_on_a_text_field),
		T(test_form_target_that_does_not_exist),
		T(test_form_target_on_a_text_field),
		T(test_form_target_that_exists_is_accepted),
		T(test_form_target_left_out_takes_its_referrers_with_it),
		T(test_definition_that_is_a_json_array),
		T(test_definition_that_is_a_json_string),
		T(test_empty_file),
		T(test_file_of_white_space),
		T(test_form_with_no_fields),
		T(test_form_whose_fields_are_not_an_array),
		T(test_field_that_is_not_an_object),
		T(test_every_problem_of_a_definition_is_reported),
		T(test_several_bad_definitions_leave_the_good_ones),
		T(test_expressions_of_left_out_definitions_do_not_stand_in_for_good_ones),
	};
#undef T

	return cmocka_run_group_tests(tests, NULL, NULL);
}
