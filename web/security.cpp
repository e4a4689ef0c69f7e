// Passwords, sessions, CSRF tokens, rate limits and escaping for the web map.
#include "web/security.hpp"

#include "geo/errors.hpp"

#include <sodium.h>
#include <stdexcept>

namespace allseason::web {

namespace {

void require_sodium() {
    static const int ready = sodium_init();
    if (ready < 0) {
        throw std::runtime_error("libsodium could not be initialised");
    }
}

std::string hex(const unsigned char* data, std::size_t size) {
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.resize(size * 2);
    return out;
}

std::int64_t now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// A form token stays good for two hours: long enough to write a feedback on a phone.
constexpr std::int64_t form_token_seconds = 2 * 3600;

} // namespace

std::string hash_password(const std::string& password) {
    require_sodium();
    char out[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        throw std::runtime_error("out of memory while hashing the password");
    }
    return out;
}

bool password_matches(const std::string& encoded_hash, const std::string& password) {
    require_sodium();
    return crypto_pwhash_str_verify(encoded_hash.c_str(), password.data(), password.size()) == 0;
}

std::string random_token() {
    require_sodium();
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    return hex(bytes, sizeof bytes);
}

std::string html_escape(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

bool same_secret(const std::string& a, const std::string& b) {
    require_sodium();
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string session_store::open(const std::string& user) {
    std::lock_guard lock(m_mutex);
    const auto now = clock::now();
    std::erase_if(m_sessions, [&](const auto& item) { return item.second.expires < now; });
    auto id = random_token();
    m_sessions[id] = session{user, random_token(), now + m_lifetime};
    return id;
}

std::optional<session> session_store::find(const std::string& id) {
    std::lock_guard lock(m_mutex);
    const auto it = m_sessions.find(id);
    if (it == m_sessions.end())
        return std::nullopt;
    if (it->second.expires < clock::now()) {
        m_sessions.erase(it);
        return std::nullopt;
    }
    return it->second;
}

void session_store::close(const std::string& id) {
    std::lock_guard lock(m_mutex);
    m_sessions.erase(id);
}

form_tokens::form_tokens() : m_key(crypto_auth_KEYBYTES) {
    require_sodium();
    crypto_auth_keygen(m_key.data());
}

std::string form_tokens::mac(std::string_view text) const {
    unsigned char out[crypto_auth_BYTES];
    crypto_auth(out, reinterpret_cast<const unsigned char*>(text.data()), text.size(),
                m_key.data());
    return hex(out, sizeof out);
}

std::string form_tokens::issue(std::string_view purpose) const {
    const auto expires = std::to_string(now_seconds() + form_token_seconds);
    return expires + "." + mac(expires + "|" + std::string(purpose));
}

bool form_tokens::valid(std::string_view purpose, const std::string& token) const {
    const auto dot = token.find('.');
    if (dot == std::string::npos || dot == 0 || dot > 20)
        return false;
    const auto expires = token.substr(0, dot);
    if (expires.find_first_not_of("0123456789") != std::string::npos)
        return false;
    if (std::stoll(expires) < now_seconds())
        return false;
    return same_secret(token.substr(dot + 1), mac(expires + "|" + std::string(purpose)));
}

bool rate_limiter::allow(const std::string& address) {
    std::lock_guard lock(m_mutex);
    const auto now = clock::now();
    auto& log = m_log[address];
    std::erase_if(log, [&](clock::time_point t) { return now - t > m_window; });
    if (log.size() >= m_limit)
        return false;
    log.push_back(now);
    if (m_log.size() > 10000) { // forget quiet addresses so that memory stays bounded
        std::erase_if(m_log, [](const auto& item) { return item.second.empty(); });
    }
    return true;
}

} // namespace allseason::web
