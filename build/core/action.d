build/core/action.o: core/action.c core/action.h core/buf.h core/jl.h \
 core/db.h core/msg.h core/status.h core/form.h \
 /usr/include/cjson/cJSON.h core/cond.h core/shape.h core/clock.h \
 core/jsonx.h core/ledger.h
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
core/clock.h:
core/jsonx.h:
core/ledger.h:
