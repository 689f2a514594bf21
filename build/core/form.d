build/core/form.o: core/form.c core/form.h /usr/include/cjson/cJSON.h \
 core/cond.h core/buf.h core/status.h core/msg.h core/shape.h \
 core/form_read.h core/jsonx.h
core/form.h:
/usr/include/cjson/cJSON.h:
core/cond.h:
core/buf.h:
core/status.h:
core/msg.h:
core/shape.h:
core/form_read.h:
core/jsonx.h:
