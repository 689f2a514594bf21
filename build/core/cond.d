build/core/cond.o: core/cond.c core/cond.h /usr/include/cjson/cJSON.h \
 core/buf.h core/status.h
core/cond.h:
/usr/include/cjson/cJSON.h:
core/buf.h:
core/status.h:
