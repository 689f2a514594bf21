build/core/media.o: core/media.c core/media.h core/buf.h core/jl.h \
 core/db.h core/msg.h core/status.h core/form.h \
 /usr/include/cjson/cJSON.h core/cond.h core/shape.h core/clock.h \
 core/jsonx.h core/ledger.h core/record.h
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
core/clock.h:
core/jsonx.h:
core/ledger.h:
core/record.h:
