build/tui/main.o: tui/main.c core/db.h core/msg.h core/buf.h \
 core/status.h core/officer.h core/jl.h core/form.h \
 /usr/include/cjson/cJSON.h core/cond.h core/shape.h tui/cli.h
core/db.h:
core/msg.h:
core/buf.h:
core/status.h:
core/officer.h:
core/jl.h:
core/form.h:
/usr/include/cjson/cJSON.h:
core/cond.h:
core/shape.h:
tui/cli.h:
