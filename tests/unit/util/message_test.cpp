// Message: a catalogue sentence whose placeholders the compiler checks. What a call renders;
// what it refuses to compile is tested by tests/unit/util/message_compile/.
#include "util/message.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sonde {
namespace {

struct Catalogue {
  Message<"name", "rate"> item;  // two arguments
  Message<"n"> twice;            // one argument, used twice
  Message<"x"> braces;           // escaped braces around an argument
  Text plain;                    // no argument
};

constexpr Catalogue kEn{
    .item = "`{name}` at {rate}",
    .twice = "{n} of {n}",
    .braces = "{{{x}}} {{literal}}",
    .plain = "no placeholders",
};
constexpr Catalogue kKo{
    .item = "{rate}에서 `{name}`",  // another language may reorder the placeholders
    .twice = "{n}개 중 {n}개",
    .braces = "{{{x}}}",
    .plain = "자리표시자 없음",
};

TEST(Message, ReplacesEveryPlaceholderByName) {
  EXPECT_EQ(kEn.item.format(arg<"name">(std::string("a")), arg<"rate">(1.5)), "`a` at 1.5");
  EXPECT_EQ(kKo.item.format(arg<"name">(std::string("a")), arg<"rate">(1.5)), "1.5에서 `a`");
}

TEST(Message, TakesArgumentsInAnyOrder) {
  EXPECT_EQ(kEn.item.format(arg<"rate">("3 req/s"), arg<"name">("b")), "`b` at 3 req/s");
}

TEST(Message, FormatsEachValueTheWayFmtDoes) {
  EXPECT_EQ(kEn.twice.format(arg<"n">(7)), "7 of 7");
  EXPECT_EQ(kEn.twice.format(arg<"n">(std::size_t{12})), "12 of 12");
  EXPECT_EQ(kKo.twice.format(arg<"n">(0.25)), "0.25개 중 0.25개");
}

TEST(Message, EscapedBracesRenderSingle) {
  EXPECT_EQ(kEn.braces.format(arg<"x">(1)), "{1} {literal}");
  EXPECT_EQ(kKo.braces.format(arg<"x">("v")), "{v}");
}

TEST(Message, KnowsItsDeclaredNames) {
  using Item = decltype(Catalogue::item);
  ASSERT_EQ(Item::names.size(), 2u);
  EXPECT_EQ(Item::names[0], "name");
  EXPECT_EQ(Item::names[1], "rate");
  static_assert(Item::declares("rate"));
  static_assert(!Item::declares("nmae"));
  EXPECT_STREQ(kEn.item.c_str(), "`{name}` at {rate}");
  EXPECT_STREQ(kKo.plain, "자리표시자 없음");
}

}  // namespace
}  // namespace sonde
