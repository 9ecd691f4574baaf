# Makes tests/api a package ("api") so that every face folder below it can be a sub-package
# (api.v1, api.platform, ...). Without this, test files with the same basename in two face
# folders collide, and a folder named "platform" would shadow the standard library module.
# Every face folder under tests/api/ needs its own (empty) __init__.py for the same reason.
