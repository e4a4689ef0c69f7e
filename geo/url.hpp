#pragma once
// Text placed in a URL (a path segment, a query value).
#include <string>
#include <string_view>

namespace allseason::geo {

// Every byte but RFC 3986's unreserved characters (ALPHA, DIGIT, -, ., _, ~) as %XX.
std::string percent_encode(std::string_view text);
// %XX sequences back to bytes and '+' to a space (a query value); a malformed % stays as it is.
std::string percent_decode(std::string_view text);

} // namespace allseason::geo
