/* core/perm.h — the one permission table: who may do what (Arts. 5, 20–22).
 *
 * Every caller (command line, screens, sync) goes through perm_check before
 * an act the table names; core's own writes call it too, so a caller that
 * forgets cannot slip past. What the table does not name, any officer of
 * the roster may do (open actions, write and finalise records).
 */
#ifndef CORE_PERM_H
#define CORE_PERM_H

#include "core/jl.h"

/* Role bits, one per role of the roster (officers.role). */
enum {
	PERM_ROLE_OFFICER = 1 << 0,    /* 执法人员 */
	PERM_ROLE_ARCHIVIST = 1 << 1,  /* 档案管理员 */
	PERM_ROLE_SUPERVISOR = 1 << 2, /* 政策法规股 */
	PERM_ROLE_HEAD = 1 << 3,       /* 行政机关负责人 */
	PERM_ROLE_ADMIN = 1 << 4,      /* 信息中心 */
};

/*
 * X(action, requirement, roles allowed, zh, en). The README's table is this
 * one; tests/cli/test_roles.sh tries every row allowed and refused.
 */
#define PERM_TABLE(X)                                                                  \
	X(PERM_ROSTER, "R5.1", PERM_ROLE_ADMIN,                                        \
	  "增加执法人员、更改角色、使执法人员离任或设置他人的 PIN",                    \
	  "add officers, change roles, retire an officer or set another officer's PIN") \
	X(PERM_REOPEN, "R22.3", PERM_ROLE_HEAD | PERM_ROLE_SUPERVISOR,                 \
	  "重新开启已结束的执法活动", "reopen a closed action")                          \
	X(PERM_CASEFILE, "R20.1", PERM_ROLE_ARCHIVIST,                                 \
	  "定稿归档案卷（archive.casefile）", "finalise a case file (archive.casefile)") \
	X(PERM_COPY_DECIDE, "R21.1", PERM_ROLE_HEAD,                                   \
	  "决定复制申请（copy.request）", "decide a copy request (copy.request)")      \
	X(PERM_COPY_GIVE, "R21.1", PERM_ROLE_HEAD,                                      \
	  "向当事人提供复制件（jilu copy）", "give a party a copy (jilu copy)")          \
	X(PERM_UNMARK, "R20.2", PERM_ROLE_HEAD,                                        \
	  "取消记录的涉密标记", "amend a record's confidential mark away")             \
	X(PERM_READ_SECRET, "R20.2",                                                   \
	  PERM_ROLE_ARCHIVIST | PERM_ROLE_SUPERVISOR | PERM_ROLE_HEAD,                 \
	  "查阅他人执法活动的涉密记录", "read a confidential record of another's action") \
	X(PERM_READ_LOG, "R22.2", PERM_ROLE_SUPERVISOR | PERM_ROLE_HEAD,               \
	  "查阅访问日志", "read the access log")

typedef enum {
#define PERM_X(name, req, roles, zh, en) name,
	PERM_TABLE(PERM_X)
#undef PERM_X
	PERM_COUNT
} perm_action;

/* Returns the role bit of ROLE ("officer", "archivist", …), 0 when unknown. */
int perm_role_bit(const char *role);

/* Returns the bits of a comma-separated list of role ids ("officer,head"),
 * ignoring names it does not know. */
int perm_role_bits(const char *roles);

/* Returns the role id ("archivist", static text) that S names in English or
 * in the bureau's words ("档案管理员"); NULL when none. */
const char *perm_role_parse(const char *s);

/* Returns the id of role bit number I (0 = "officer", in the table's
 * order), NULL past the last. Static text. */
const char *perm_role_id(int i);

/* Returns the bureau's word for role id ROLE: Chinese (执法人员) or, with
 * EN, the id itself; ROLE itself when unknown. Static text. */
const char *perm_role_label(const char *role, int en);

/* Returns the roles that may do ACTION (PERM_ROLE_… bits). */
int perm_roles(perm_action action);

/*
 * Returns 1 when officer OFFICER (NULL: nobody acts) may do ACTION by the
 * table, reading the roster; 0 when not or when OFFICER is not on it.
 */
int perm_allowed(jl *j, const char *officer, perm_action action);

/*
 * The check every caller makes before ACTION, for J's acting officer
 * (J->officer; NULL: nobody acts, always refused). Returns JL_OK, or
 * JL_EDENIED (exit 6) with one line in ERR naming the requirement, the
 * act, the roles needed and who acted. JL_ESTORE when the roster cannot be
 * read.
 */
jl_status perm_check(jl *j, perm_action action, msglist *err);

#endif
