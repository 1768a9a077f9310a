#include "ReportWatch.h"

#include <cctype>
#include <ctime>

namespace xgw::chat {

namespace {

std::string timestamp() {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[20];
    std::strftime(buf, sizeof buf, "%b %d %H:%M:%S ", &tm);
    return buf;
}

bool is_control(char c) { return std::iscntrl(static_cast<unsigned char>(c)); }

} // namespace

int ReportWatch::clear(const std::string& bytes) {
    int cleared = 0;
    for (auto it = strings_.begin(); it != strings_.end();) {
        if (*it && **it == bytes) {
            it = strings_.erase(it);
            ++cleared;
        } else {
            ++it;
        }
    }
    return cleared;
}

void ReportWatch::watch(const std::string& window, char c, ChatSink& sink) {
    if (gathering_) {
        if (!is_control(c)) {
            if (room())
                line_ += c;
        } else {
            emit(sink);
        }
        return;
    }
    for (auto& s : strings_) {
        if (s && window.size() >= s->size() && window.ends_with(*s)) {
            line_ = timestamp() + *s;
            s.reset();
            gathering_ = true;
            return;
        }
    }
}

bool ReportWatch::gather_more(char c) {
    if (is_control(c))
        return false;
    line_ += c;
    return true;
}

void ReportWatch::emit(ChatSink& sink) {
    gathering_ = false;
    sink.report("chat:  " + line_);
}

} // namespace xgw::chat
