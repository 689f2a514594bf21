build/tui/cli_forms.o: tui/cli_forms.c core/form.h \
 /usr/include/cjson/cJSON.h core/cond.h core/buf.h core/status.h \
 core/msg.h core/shape.h core/verify.h core/jl.h core/db.h tui/cli.h
core/form.h:
/usr/include/cjson/cJSON.h:
core/cond.h:
core/buf.h:
core/status.h:
core/msg.h:
core/shape.h:
core/verify.h:
core/jl.h:
core/db.h:
tui/cli.h:
