build/core/verify.o: core/verify.c core/verify.h core/jl.h core/db.h \
 core/msg.h core/buf.h core/status.h core/form.h \
 /usr/include/cjson/cJSON.h core/cond.h core/shape.h core/action.h \
 core/ledger.h core/media.h core/record.h
core/verify.h:
core/jl.h:
core/db.h:
core/msg.h:
core/buf.h:
core/status.h:
core/form.h:
/usr/include/cjson/cJSON.h:
core/cond.h:
core/shape.h:
core/action.h:
core/ledger.h:
core/media.h:
core/record.h:
