build/tui/show.o: tui/show.c tui/show.h /usr/include/cjson/cJSON.h \
 core/buf.h core/form.h core/cond.h core/status.h core/msg.h core/shape.h \
 core/record.h core/jl.h core/db.h core/jsonx.h tui/cli.h
tui/show.h:
/usr/include/cjson/cJSON.h:
core/buf.h:
core/form.h:
core/cond.h:
core/status.h:
core/msg.h:
core/shape.h:
core/record.h:
core/jl.h:
core/db.h:
core/jsonx.h:
tui/cli.h:
