#include "worker/worker_pool.h"

#include <atomic>
#include <vector>

#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/process.h"

namespace factd {
namespace {

using ::factd::testing::IsOk;

TEST(WorkerPool, RejectsBadOptions) {
  EXPECT_TRUE(absl::IsInvalidArgument(WorkerPool::Create({0, 4}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(WorkerPool::Create({1, 0}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(WorkerPool::Create({1, 4, 0}).status()));
  EXPECT_TRUE(absl::IsInvalidArgument(WorkerPool::Create({1, 4, 100, 20}).status()));
}

TEST(WorkerPool, RunsEveryTaskOnce) {
  auto pool = WorkerPool::Create({2, 100}).value();
  std::atomic<int> ran{0};
  for (int i = 0; i < 50; ++i) {
    ASSERT_THAT(pool->TrySchedule([&](absl::Status s) {
      EXPECT_THAT(s, IsOk());
      ++ran;
    }), IsOk());
  }
  EXPECT_TRUE(pool->Drain(absl::InfiniteFuture()));
  EXPECT_EQ(ran.load(), 50);
}

TEST(WorkerPool, FullQueueIsRefusedAtOnce) {
  auto pool = WorkerPool::Create({1, 2}).value();
  absl::Notification release;
  absl::Notification started;
  ASSERT_THAT(pool->TrySchedule([&](absl::Status) {
    started.Notify();
    release.WaitForNotification();
  }), IsOk());
  started.WaitForNotification();  // the thread is busy; the queue is empty
  std::atomic<int> ran{0};
  EXPECT_THAT(pool->TrySchedule([&](absl::Status) { ++ran; }), IsOk());
  EXPECT_THAT(pool->TrySchedule([&](absl::Status) { ++ran; }), IsOk());
  const absl::Time before = absl::Now();
  const absl::Status full = pool->TrySchedule([&](absl::Status) { ++ran; });
  EXPECT_LT(absl::Now() - before, absl::Seconds(1));
  EXPECT_TRUE(absl::IsResourceExhausted(full)) << full;
  EXPECT_THAT(full.message(), ::testing::HasSubstr("queue is full"));
  EXPECT_EQ(pool->queued(), 2u);
  EXPECT_EQ(pool->running(), 1u);
  release.Notify();
  pool->Drain(absl::InfiniteFuture());
  EXPECT_EQ(ran.load(), 2);
}

// At the deadline Drain asks the running task to stop (here: releases it),
// answers the queued ones UNAVAILABLE, and joins.
TEST(WorkerPool, DrainDeadlineStopsTheRunningAndAnswersTheQueued) {
  auto pool = WorkerPool::Create({1, 10}).value();
  absl::Notification release;
  absl::Notification started;
  ASSERT_THAT(pool->TrySchedule([&](absl::Status) {
    started.Notify();
    release.WaitForNotification();
  }), IsOk());
  started.WaitForNotification();
  std::vector<absl::Status> outcomes(3);
  for (int i = 0; i < 3; ++i) {
    ASSERT_THAT(pool->TrySchedule([&, i](absl::Status s) { outcomes[i] = s; }), IsOk());
  }
  bool asked_to_stop = false;
  EXPECT_FALSE(pool->Drain(absl::Now() + absl::Milliseconds(50), [&] {
    asked_to_stop = true;
    release.Notify();
  }));
  EXPECT_TRUE(asked_to_stop);
  for (const absl::Status& s : outcomes) EXPECT_TRUE(absl::IsUnavailable(s)) << s;
  EXPECT_TRUE(absl::IsUnavailable(pool->TrySchedule([](absl::Status) {})));
}

TEST(WorkerPool, QueuedBytesAreBounded) {
  auto pool = WorkerPool::Create({1, 100, 1000}).value();
  absl::Notification release;
  absl::Notification started;
  ASSERT_THAT(pool->TrySchedule([&](absl::Status) {
    started.Notify();
    release.WaitForNotification();
  }), IsOk());
  started.WaitForNotification();
  // The first waiting task may be larger than the limit on its own.
  EXPECT_THAT(pool->TrySchedule([](absl::Status) {}, 1500), IsOk());
  const absl::Status full = pool->TrySchedule([](absl::Status) {}, 10);
  EXPECT_TRUE(absl::IsResourceExhausted(full)) << full;
  EXPECT_THAT(full.message(), ::testing::HasSubstr("bytes of documents waiting"));
  release.Notify();
  EXPECT_TRUE(pool->Drain(absl::InfiniteFuture()));
}

TEST(WorkerPool, DrainWithEverythingDoneReturnsTrueWithoutAskingToStop) {
  auto pool = WorkerPool::Create({2, 10}).value();
  std::atomic<int> ran{0};
  for (int i = 0; i < 5; ++i) ASSERT_THAT(pool->TrySchedule([&](absl::Status) { ++ran; }), IsOk());
  bool asked_to_stop = false;
  EXPECT_TRUE(pool->Drain(absl::InfiniteFuture(), [&] { asked_to_stop = true; }));
  EXPECT_FALSE(asked_to_stop);
  EXPECT_EQ(ran.load(), 5);
}

}  // namespace
}  // namespace factd
