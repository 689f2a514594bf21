/* core/status.h — one status enum for the whole engine, messages in one table. */
#ifndef CORE_STATUS_H
#define CORE_STATUS_H

/*
 * X(name, exit code, zh, en).  The exit code is what the command line
 * returns for a command that ends with this status.
 */
#define JL_STATUS_TABLE(X)                                                   \
	X(JL_OK,       0, "完成", "done")                                          \
	X(JL_FOUND,    1, "检查发现问题", "a check found a problem")               \
	X(JL_EUSAGE,   2, "用法或输入错误", "usage or invalid input")              \
	X(JL_EINVALID, 2, "输入无效", "invalid input")                             \
	X(JL_ENOTFOUND,2, "不存在", "not found")                                   \
	X(JL_EREFUSED, 3, "依《办法》拒绝", "refused by a rule of the Measures")   \
	X(JL_EFINAL,   3, "已定稿的记录不可更改", "a final record cannot be changed") \
	X(JL_ESTORE,   4, "存储错误", "storage error")                             \
	X(JL_ENEWER,   4, "数据库版本较新", "database made by a newer version")    \
	X(JL_ENOMEM,   4, "内存不足", "out of memory")                            \
	X(JL_EDENIED,  6, "无权执行：角色或身份不符", "not permitted: role or proven identity lacking") \
	X(JL_ECANCELED, 130, "已取消，未保存任何内容", "cancelled; nothing was stored") \
	X(JL_ELINK,    5, "连接、主机密钥或认证失败", "connection, host key or authentication failed")

typedef enum {
#define JL_X(name, code, zh, en) name,
	JL_STATUS_TABLE(JL_X)
#undef JL_X
	JL_STATUS_COUNT
} jl_status;

/* Returns the process exit code for STATUS. */
int jl_status_exit(jl_status status);

/* Returns a static description of STATUS in LANG ("zh" or "en"); never NULL. */
const char *jl_status_text(jl_status status, const char *lang);

#endif
