build/core/clock.o: core/clock.c core/clock.h core/buf.h core/shape.h \
 /usr/include/cjson/cJSON.h core/msg.h
core/clock.h:
core/buf.h:
core/shape.h:
/usr/include/cjson/cJSON.h:
core/msg.h:
