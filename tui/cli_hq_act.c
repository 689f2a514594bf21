/* tui/cli_hq_act.c — who acts at headquarters: HQ's own roster decides. */
#include "tui/cli_hq_act.h"

#include <stdlib.h>
#include <string.h>

#include "core/officer.h"
#include "tui/cli_pin.h"

jl_status cli_hq_act(cli *c, const char *hq_path)
{
	officer_row o;
	jl_status rc;

	if (c->hq_roster || !c->officer)
		return JL_OK;
	/* Opened for writing: a wrong PIN is counted where the PIN is kept. */
	rc = jl_open(hq_path, DB_OPEN_WRITE, NULL, &c->hq_roster, &c->msgs, NULL);
	if (rc != JL_OK) {
		msglist_add(&c->msgs, NULL, NULL, "无法打开总部的数据库以核对执法人员名册",
			    "cannot open headquarters' store to check its roster");
		return rc;
	}
	rc = officer_get(c->hq_roster, c->officer, &o);
	if (rc == JL_ENOTFOUND && !c->as_given) {
		/* JILU_OFFICER (or the config file) is a terminal's default: at
		 * HQ most likely a device's, stale here. Read as nobody, as a
		 * device does with a stale one — but said, and logged as nobody. */
		msglist_addf(&c->msgs, NULL, "JILU_OFFICER",
			     "%s 不在总部的执法人员名册中：本次查阅不以任何执法人员的身份进行（涉密记录不显示）",
			     "%s is not on headquarters' roster: this reading is done as nobody "
			     "(confidential records are sealed)",
			     c->officer);
		c->officer = NULL;
		cli_hq_act_close(c);
		return JL_OK;
	}
	if (rc == JL_ENOTFOUND) {
		/* A device's roster does not count here, whatever it says. */
		msglist_addf(&c->msgs, "R5.1", "--as",
			     "总部的执法人员名册中没有 %s：在总部查阅以总部名册为准（jilu --db %s officer list）",
			     "%s is not on headquarters' roster: reading at headquarters goes by "
			     "headquarters' roster (jilu --db %s officer list)",
			     c->officer, hq_path);
		rc = JL_EDENIED;
	} else if (rc == JL_OK) {
		officer_row_free(&o);
		rc = cli_pin_act_on(c, c->hq_roster);
	} else {
		db_error(c->hq_roster->db, &c->msgs, "无法读取总部的执法人员名册",
			 "cannot read headquarters' roster");
	}
	if (rc != JL_OK)
		cli_hq_act_close(c);
	return rc;
}

jl_status cli_hq_act_lend(cli *c, jl *j)
{
	if (!c->hq_roster || !c->hq_roster->officer)
		return JL_OK;
	j->roster = c->hq_roster;
	free(j->officer);
	j->officer = strdup(c->hq_roster->officer);
	return j->officer ? JL_OK : JL_ENOMEM;
}

void cli_hq_act_close(cli *c)
{
	jl_close(c->hq_roster);
	c->hq_roster = NULL;
}
