build/core/jl.o: core/jl.c core/jl.h core/db.h core/msg.h core/buf.h \
 core/status.h core/form.h /usr/include/cjson/cJSON.h core/cond.h \
 core/shape.h core/officer.h
core/jl.h:
core/db.h:
core/msg.h:
core/buf.h:
core/status.h:
core/form.h:
/usr/include/cjson/cJSON.h:
core/cond.h:
core/shape.h:
core/officer.h:
