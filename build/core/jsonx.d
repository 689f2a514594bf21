build/core/jsonx.o: core/jsonx.c core/jsonx.h /usr/include/cjson/cJSON.h \
 core/buf.h
core/jsonx.h:
/usr/include/cjson/cJSON.h:
core/buf.h:
