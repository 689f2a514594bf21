/* tui/cli_readonly.c — logged reads on stores that cannot be written. */
#include "tui/cli_readonly.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/access.h"
#include "core/db.h"
#include "core/perm_record.h"

jl_status cli_open_logged(cli *c, const char *forms)
{
	msglist werr = MSGLIST_INIT, rerr = MSGLIST_INIT;
	jl *ro = NULL;
	jl_status rc = jl_open(c->db_path, DB_OPEN_WRITE, forms, &c->j, &werr, NULL);

	/* Only a store SQLite itself holds read-only (the media or the file's
	 * permissions) is read unlogged; any other failure to open for
	 * writing (a newer schema, a damaged store) is reported as it was. */
	if (rc != JL_OK && jl_open(c->db_path, DB_OPEN_READ, forms, &ro, &rerr, NULL) == JL_OK &&
	    sqlite3_db_readonly(db_sqlite(ro->db), "main") == 1) {
		c->j = ro;
		c->unlogged = 1;
		ro = NULL;
		rc = JL_OK;
	} else {
		msglist_take(&c->msgs, &werr);
	}
	jl_close(ro);
	msglist_free(&werr);
	msglist_free(&rerr);
	return rc;
}

/* Returns 1 when record R is confidential and would be shown to C's reader
 * in full (perm_record_readable): data that does not parse counts. */
static int cli_secret_shown(cli *c, const record_row *r)
{
	cJSON *d = cJSON_Parse(r->data);
	int secret = !d || perm_record_secret(d);

	cJSON_Delete(d);
	return secret && perm_record_readable(c->j, r) != 0;
}

jl_status cli_log_read(cli *c, const char *what, long long action, const record_row *rows, int n,
		       int finals_only)
{
	long long *ids = calloc((size_t)n + 1, sizeof *ids);
	jl_status rc = JL_OK;
	int k, m = 0;

	if (!ids)
		return JL_ENOMEM;
	for (k = 0; k < n; k++) {
		if (finals_only && strcmp(rows[k].state, "final") != 0)
			continue; /* drafts are not in a case file */
		ids[m++] = rows[k].id;
		if (c->unlogged && cli_secret_shown(c, &rows[k])) {
			msglist_addf(&c->msgs, "R22.2", NULL,
				     "记录 %lld 涉密：数据库只读（无法写入），本次查阅无法记入访问日志，"
				     "故不显示其内容；请在可写的数据库上查阅",
				     "record %lld is confidential and the database cannot be written, so "
				     "this reading could not be logged: its content is not shown; read it "
				     "on a store that can be written",
				     rows[k].id);
			rc = JL_EDENIED;
			goto done;
		}
	}
	if (!c->unlogged) {
		rc = cli_access_log(c, what, action, ids, m, NULL); /* HQ logs in its registry */
		goto done;
	}
	fprintf(stderr, "%s\n",
		CLI_T(c, "jilu: 注意：数据库只读（无法写入），本次查阅未能记入访问日志",
		      "jilu: note: the database cannot be written, so this reading could not be "
		      "logged in the access log"));
done:
	free(ids);
	return rc;
}
