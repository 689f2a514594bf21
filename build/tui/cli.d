build/tui/cli.o: tui/cli.c tui/cli.h /usr/include/cjson/cJSON.h core/jl.h \
 core/db.h core/msg.h core/buf.h core/status.h core/form.h core/cond.h \
 core/shape.h
tui/cli.h:
/usr/include/cjson/cJSON.h:
core/jl.h:
core/db.h:
core/msg.h:
core/buf.h:
core/status.h:
core/form.h:
core/cond.h:
core/shape.h:
