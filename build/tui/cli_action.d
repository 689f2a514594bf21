build/tui/cli_action.o: tui/cli_action.c core/action.h core/buf.h \
 core/jl.h core/db.h core/msg.h core/status.h core/form.h \
 /usr/include/cjson/cJSON.h core/cond.h core/shape.h core/record.h \
 tui/cli.h
core/action.h:
core/buf.h:
core/jl.h:
core/db.h:
core/msg.h:
core/status.h:
core/form.h:
/usr/include/cjson/cJSON.h:
core/cond.h:
core/shape.h:
core/record.h:
tui/cli.h:
