build/tui/cli_officer.o: tui/cli_officer.c core/officer.h core/jl.h \
 core/db.h core/msg.h core/buf.h core/status.h core/form.h \
 /usr/include/cjson/cJSON.h core/cond.h core/shape.h tui/cli.h
core/officer.h:
core/jl.h:
core/db.h:
core/msg.h:
core/buf.h:
core/status.h:
core/form.h:
/usr/include/cjson/cJSON.h:
core/cond.h:
core/shape.h:
tui/cli.h:
