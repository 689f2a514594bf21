build/core/officer.o: core/officer.c core/officer.h core/jl.h core/db.h \
 core/msg.h core/buf.h core/status.h core/form.h \
 /usr/include/cjson/cJSON.h core/cond.h core/shape.h core/clock.h
core/officer.h:
core/jl.h:
core/db.h:
core/msg.h:
core/buf.h:
core/status.h:
core/form.h:
/usr/include/cjson/cJSON.h:
core/cond.h:
core/shape.h:
core/clock.h:
