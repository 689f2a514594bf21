build/core/rules.o: core/rules.c core/rules.h /usr/include/cjson/cJSON.h \
 core/jl.h core/db.h core/msg.h core/buf.h core/status.h core/form.h \
 core/cond.h core/shape.h core/record.h core/action.h core/jsonx.h
core/rules.h:
/usr/include/cjson/cJSON.h:
core/jl.h:
core/db.h:
core/msg.h:
core/buf.h:
core/status.h:
core/form.h:
core/cond.h:
core/shape.h:
core/record.h:
core/action.h:
core/jsonx.h:
