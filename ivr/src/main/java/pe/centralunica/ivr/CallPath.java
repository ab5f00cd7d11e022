package pe.centralunica.ivr;

import pe.centralunica.router.Router;

import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.atomic.LongAdder;

/** What every script shares: the collaborators of the call path and its counters. */
record CallPath(Router router, JournalGuard journal, DirectoryCache directory,
                CallerLookup lookup, TriageFlow triage, RouteApplier applier, Clock clock, ZoneId zone,
                Counters counters, PromptTimes prompts) {

    static final class Counters {
        final LongAdder routed = new LongAdder();
        final LongAdder fallbacks = new LongAdder();
        final LongAdder callerHangups = new LongAdder();
        final java.util.concurrent.atomic.AtomicInteger active = new java.util.concurrent.atomic.AtomicInteger();
    }
}
