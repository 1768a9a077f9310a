#include "Commands.h"

#include <xgw/acct/Rates.h>

#include <curses.h>
#include <signal.h>

#include <cstdio>
#include <string>

namespace xgw::cli {
namespace {

volatile sig_atomic_t g_stop = 0;

std::string human(double v, const char* unit) {
    const char* prefixes[] = {"", "k", "M", "G", "T"};
    int i = 0;
    while (v >= 1000 && i < 4) {
        v /= 1000;
        i++;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, i ? "%.1f %s%s" : "%.0f %s%s", v, prefixes[i], unit);
    return buf;
}

void draw_section(int& y, const acct::RateSection& s) {
    attron(A_BOLD);
    mvprintw(y++, 0, "%-40s %12s %14s", s.title.c_str(), (s.col_a + " pkt/s").c_str(),
             (s.col_a + " bit/s").c_str());
    if (!s.col_b.empty())
        printw(" %12s %14s", (s.col_b + " pkt/s").c_str(), (s.col_b + " bit/s").c_str());
    attroff(A_BOLD);
    if (s.rows.empty())
        mvprintw(y++, 2, "(none)");
    for (const auto& r : s.rows) {
        if (y >= LINES - 1)
            return;
        mvprintw(y++, 0, "  %-38.38s %12s %14s", r.label.c_str(), human(r.a.pps, "").c_str(),
                 human(r.a.bps, "b/s").c_str());
        if (!s.col_b.empty())
            printw(" %12s %14s", human(r.b.pps, "").c_str(), human(r.b.bps, "b/s").c_str());
    }
    y++;
}

void draw(const std::vector<acct::RateSection>& sections) {
    erase();
    mvprintw(0, 0, "xgw top: rates over the last second (q or Ctrl-C quits)");
    int y = 2;
    for (const auto& s : sections)
        draw_section(y, s);
    refresh();
}

// The curses screen for as long as top runs; restores the terminal however top ends.
class Screen {
  public:
    Screen() {
        initscr();
        raw(); // Ctrl-C arrives as a key, so the terminal is always restored
        noecho();
        curs_set(0);
        timeout(1000);
    }
    ~Screen() { endwin(); }
};

Result<void> run_top(std::size_t talkers) {
    auto dp = open_attached();
    if (!dp)
        return dp.error();
    auto before = acct::collect_metrics(*dp);
    if (!before)
        return before.error();
    signal(SIGTERM, [](int) { g_stop = 1; });
    Screen screen;
    draw(acct::rates(*before, *before, talkers));
    while (!g_stop) {
        const int key = getch();
        if (key == 'q' || key == 'Q' || key == 3)
            break;
        auto now = acct::collect_metrics(*dp);
        if (!now)
            return now.error();
        if (now->taken - before->taken < std::chrono::milliseconds(900))
            continue; // a key other than q: wait out the second
        draw(acct::rates(*before, *now, talkers));
        before = std::move(now);
    }
    return {};
}

} // namespace

void add_top(CLI::App& app, Context& ctx) {
    auto talkers = std::make_shared<std::size_t>(10);
    auto* cmd = app.add_subcommand(
        "top", "Live rates per interface, per firewall rule and per top talker, every second");
    cmd->add_option("-n,--talkers", *talkers, "How many accounted hosts to show")
        ->capture_default_str();
    on_run(cmd, ctx, [talkers] { return run_top(*talkers); });
}

} // namespace xgw::cli
