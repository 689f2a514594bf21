build/tests/test_shape: tests/unit/test_shape.c core/shape.h \
 /usr/include/cjson/cJSON.h core/msg.h core/buf.h
core/shape.h:
/usr/include/cjson/cJSON.h:
core/msg.h:
core/buf.h:
