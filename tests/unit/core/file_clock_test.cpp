// The test suite's settable clock: PALVELUTORI_CLOCK_FILE holds "now".
#include "core/clock.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace pt {
namespace {

using namespace std::chrono;

class FileClockTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string tmpl = (std::filesystem::temp_directory_path() / "pt-clock-XXXXXX").string();
        ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
        dir_ = tmpl;
        path_ = (dir_ / "now").string();
    }
    void TearDown() override {
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    void write(const std::string& text) {
        std::ofstream(path_, std::ios::trunc) << text;
    }
    static TimePoint at(int y, unsigned m, unsigned d, int h, int min = 0, int s = 0) {
        return sys_days(year(y) / month(m) / day(d)) + hours(h) + minutes(min) + seconds(s);
    }
    std::filesystem::path dir_;
    std::string path_;
};

TEST_F(FileClockTest, ReadsTheInstantAndStandsStill) {
    write("2026-12-01T09:00:00Z\n");
    FileClock c(path_);
    EXPECT_EQ(c.now(), at(2026, 12, 1, 9));
    usleep(20000);
    EXPECT_EQ(c.now(), at(2026, 12, 1, 9));
}

TEST_F(FileClockTest, FollowsEveryRewriteEvenWithinOneFileTimeTick) {
    write("2026-12-01T09:00:00Z");
    FileClock c(path_);
    EXPECT_EQ(c.now(), at(2026, 12, 1, 9));
    // Same length, written right away: the mtime may not change, the time must.
    write("2026-12-01T09:00:01Z");
    EXPECT_EQ(c.now(), at(2026, 12, 1, 9, 0, 1));
    write("2027-01-15T23:59:59Z");
    EXPECT_EQ(c.now(), at(2027, 1, 15, 23, 59, 59));
}

TEST_F(FileClockTest, AcceptsJavaScriptMilliseconds) {
    write("2026-12-01T09:00:00.999Z");
    EXPECT_EQ(FileClock(path_).now(), at(2026, 12, 1, 9));
}

TEST_F(FileClockTest, MissingOrInvalidFileFallsBackToSystemTime) {
    auto near_system_time = [](TimePoint t) {
        auto sys = time_point_cast<seconds>(system_clock::now());
        return t >= sys - seconds(5) && t <= sys + seconds(5);
    };
    FileClock missing(path_);
    EXPECT_TRUE(near_system_time(missing.now()));
    write("tomorrow");
    EXPECT_TRUE(near_system_time(missing.now()));
    write("2026-02-30T09:00:00Z");  // no such day
    EXPECT_TRUE(near_system_time(missing.now()));
    // ... and follows the file once it is good.
    write("2026-12-01T09:00:00Z");
    EXPECT_EQ(missing.now(), at(2026, 12, 1, 9));
    std::filesystem::remove(path_);
    EXPECT_TRUE(near_system_time(missing.now()));
}

TEST_F(FileClockTest, EnvironmentChoosesTheClock) {
    write("2030-06-01T12:00:00Z");
    unsetenv("PALVELUTORI_CLOCK_FILE");
    EXPECT_NE(dynamic_cast<SystemClock*>(clock_from_env().get()), nullptr);
    setenv("PALVELUTORI_CLOCK_FILE", path_.c_str(), 1);
    auto c = clock_from_env();
    unsetenv("PALVELUTORI_CLOCK_FILE");
    EXPECT_EQ(c->now(), at(2030, 6, 1, 12));
}

}  // namespace
}  // namespace pt
