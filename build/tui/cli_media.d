build/tui/cli_media.o: tui/cli_media.c core/media.h core/buf.h core/jl.h \
 core/db.h core/msg.h core/status.h core/form.h \
 /usr/include/cjson/cJSON.h core/cond.h core/shape.h tui/cli.h
core/media.h:
core/buf.h:
core/jl.h:
core/db.h:
core/msg.h:
core/status.h:
core/form.h:
/usr/include/cjson/cJSON.h:
core/cond.h:
core/shape.h:
tui/cli.h:
