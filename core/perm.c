/* core/perm.c — the one permission table. */
#include "core/perm.h"

#include <string.h>

#include "core/buf.h"
#include "core/officer.h"

static const struct {
	const char *req;
	int roles;
	const char *zh, *en;
} perm_table[] = {
#define PERM_X(name, req, roles, zh, en) {req, roles, zh, en},
	PERM_TABLE(PERM_X)
#undef PERM_X
};

static const struct {
	int bit;
	const char *id, *zh;
} perm_role_names[] = {
	{PERM_ROLE_OFFICER, "officer", "执法人员"},
	{PERM_ROLE_ARCHIVIST, "archivist", "档案管理员"},
	{PERM_ROLE_SUPERVISOR, "supervisor", "政策法规股"},
	{PERM_ROLE_HEAD, "head", "行政机关负责人"},
	{PERM_ROLE_ADMIN, "admin", "信息中心"},
};

#define PERM_NROLES ((int)(sizeof perm_role_names / sizeof perm_role_names[0]))

int perm_role_bit(const char *role)
{
	int i;

	for (i = 0; role && i < PERM_NROLES; i++)
		if (strcmp(perm_role_names[i].id, role) == 0)
			return perm_role_names[i].bit;
	return 0;
}

int perm_role_bits(const char *roles)
{
	int i, bits = 0;

	for (i = 0; roles && i < PERM_NROLES; i++) {
		const char *p = roles;
		size_t n = strlen(perm_role_names[i].id);

		/* Each name whole, between commas. */
		while ((p = strstr(p, perm_role_names[i].id)) != NULL) {
			if ((p == roles || p[-1] == ',') && (p[n] == ',' || p[n] == '\0')) {
				bits |= perm_role_names[i].bit;
				break;
			}
			p += n;
		}
	}
	return bits;
}

const char *perm_role_parse(const char *s)
{
	int i;

	for (i = 0; s && i < PERM_NROLES; i++)
		if (strcmp(perm_role_names[i].id, s) == 0 || strcmp(perm_role_names[i].zh, s) == 0)
			return perm_role_names[i].id;
	return NULL;
}

const char *perm_role_id(int i)
{
	return i >= 0 && i < PERM_NROLES ? perm_role_names[i].id : NULL;
}

const char *perm_role_label(const char *role, int en)
{
	int i;

	for (i = 0; role && i < PERM_NROLES; i++)
		if (strcmp(perm_role_names[i].id, role) == 0)
			return en ? perm_role_names[i].id : perm_role_names[i].zh;
	return role;
}

int perm_roles(perm_action action)
{
	return (unsigned)action < PERM_COUNT ? perm_table[action].roles : 0;
}

int perm_allowed(jl *j, const char *officer, perm_action action)
{
	officer_row o;
	int ok;

	/* At headquarters the roles are HQ's (jl_roster), not the device's. */
	if (!officer || officer_get(jl_roster(j), officer, &o) != JL_OK)
		return 0;
	ok = (officer_role_bits(&o) & perm_roles(action)) != 0;
	officer_row_free(&o);
	return ok;
}

jl_status perm_check(jl *j, perm_action action, msglist *err)
{
	buf zh = BUF_INIT, en = BUF_INIT;
	officer_row o;
	jl_status rc;
	int i, n = 0;

	memset(&o, 0, sizeof o);
	if ((unsigned)action >= PERM_COUNT)
		return JL_EDENIED;
	if (j->officer) {
		rc = officer_get(jl_roster(j), j->officer, &o);
		if (rc == JL_ESTORE) {
			db_error(jl_roster(j)->db, err, "无法读取执法人员名册", "cannot read the roster");
			return rc;
		}
		if (rc == JL_OK && (officer_role_bits(&o) & perm_table[action].roles)) {
			officer_row_free(&o);
			return JL_OK;
		}
	}
	for (i = 0; i < PERM_NROLES; i++) {
		if (!(perm_table[action].roles & perm_role_names[i].bit))
			continue;
		buf_puts(&zh, n ? "或" : "");
		buf_puts(&zh, perm_role_names[i].zh);
		buf_puts(&en, n ? " or " : "");
		buf_puts(&en, perm_role_names[i].id);
		n++;
	}
	{
		buf mz = BUF_INIT, me = BUF_INIT;

		buf_printf(&mz, "%s须由%s执行，", perm_table[action].zh, buf_str(&zh));
		buf_printf(&me, "only %s may %s; ", buf_str(&en), perm_table[action].en);
		if (!j->officer) {
			buf_puts(&mz, "本命令没有指明操作的执法人员");
			buf_puts(&me, "nobody acts in this command");
		} else {
			if (o.retired_at) {
				buf_printf(&mz, "操作人 %s 已于 %s 离任", j->officer, o.retired_at);
				buf_printf(&me, "%s acted, who retired on %s", j->officer, o.retired_at);
			} else {
				buf words = BUF_INIT;

				/* The bureau's words for the roles he has. */
				for (i = 0, n = 0; i < PERM_NROLES; i++)
					if (perm_role_bits(o.roles) & perm_role_names[i].bit)
						buf_printf(&words, "%s%s", n++ ? "、" : "",
							   perm_role_names[i].zh);
				buf_printf(&mz, "操作人 %s（%s）无此角色", j->officer,
					   words.len ? buf_str(&words) : "?");
				buf_free(&words);
				buf_printf(&me, "%s (%s) acted, without that role", j->officer,
					   o.roles ? o.roles : "?");
			}
			/* At HQ a device's roster may say otherwise: say whose counted. */
			if (j->roster) {
				buf_puts(&mz, "（以总部的执法人员名册为准）");
				buf_puts(&me, " (by headquarters' roster)");
			}
		}
		msglist_add(err, perm_table[action].req, "--as", buf_str(&mz), buf_str(&me));
		buf_free(&mz);
		buf_free(&me);
	}
	officer_row_free(&o);
	buf_free(&zh);
	buf_free(&en);
	return JL_EDENIED;
}
