#pragma once
// The error hierarchy of allseason. Library code throws these and never prints or exits;
// the CLI maps them to exit codes (data and I/O problems → 1, usage → 2).
#include <stdexcept>
#include <string>

namespace allseason {

// Base of every error the tool raises on purpose.
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A file or database could not be opened, read or written.
class io_error : public error {
public:
    using error::error;
};

// The data is wrong: a bad value in a row, an invalid geometry, a schema mismatch.
class data_error : public error {
public:
    using error::error;
};

// A coordinate reference system is unknown, unsuitable or cannot be transformed.
class crs_error : public error {
public:
    using error::error;
};

// The command line asks for something that cannot be done as asked.
class usage_error : public error {
public:
    using error::error;
};

} // namespace allseason
