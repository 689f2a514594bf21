build/tui/cli_record.o: tui/cli_record.c core/record.h \
 /usr/include/cjson/cJSON.h core/buf.h core/jl.h core/db.h core/msg.h \
 core/status.h core/form.h core/cond.h core/shape.h tui/cli.h tui/show.h
core/record.h:
/usr/include/cjson/cJSON.h:
core/buf.h:
core/jl.h:
core/db.h:
core/msg.h:
core/status.h:
core/form.h:
core/cond.h:
core/shape.h:
tui/cli.h:
tui/show.h:
