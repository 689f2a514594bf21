build/core/record.o: core/record.c core/record.h \
 /usr/include/cjson/cJSON.h core/buf.h core/jl.h core/db.h core/msg.h \
 core/status.h core/form.h core/cond.h core/shape.h core/action.h \
 core/clock.h core/jsonx.h core/ledger.h core/rules.h
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
core/action.h:
core/clock.h:
core/jsonx.h:
core/ledger.h:
core/rules.h:
