#include "SignalLatch.h"

#include <csignal>

namespace xgw::chat {

namespace {

volatile std::sig_atomic_t g_caught = 0;
struct sigaction g_saved[3];
constexpr int kSignals[3] = {SIGINT, SIGTERM, SIGHUP};

void on_signal(int sig) { g_caught = sig; }

// No SA_RESTART: a blocked poll() must return so the engine sees the signal.
void catch_signal(int sig, struct sigaction* saved) {
    struct sigaction sa{};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, saved);
}

} // namespace

SignalLatch::SignalLatch() {
    g_caught = 0;
    for (int i = 0; i < 3; ++i)
        catch_signal(kSignals[i], &g_saved[i]);
}

SignalLatch::~SignalLatch() {
    for (int i = 0; i < 3; ++i)
        sigaction(kSignals[i], &g_saved[i], nullptr);
}

int SignalLatch::take() {
    int sig = g_caught;
    g_caught = 0;
    return sig;
}

void SignalLatch::ignore_hangup(bool ignore) {
    if (ignore) {
        struct sigaction sa{};
        sa.sa_handler = SIG_IGN;
        sigaction(SIGHUP, &sa, nullptr);
    } else {
        catch_signal(SIGHUP, nullptr);
    }
}

} // namespace xgw::chat
