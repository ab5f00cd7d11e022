package pe.centralunica.ivr;

import pe.centralunica.db.Database;
import pe.centralunica.router.Router;

import java.time.Clock;

/** Starts an IVR on a free port against a database, a router and an in-memory journal. */
final class IvrFixture implements AutoCloseable {

    final RecordingJournal journal = new RecordingJournal();
    final IvrServer ivr;

    IvrFixture(Database db, Router router, IvrSettings settings) {
        this.ivr = IvrServer.start(settings, db.dataSource(), router, journal, FlowDefinition.fromClasspath(), Clock.systemUTC());
    }

    IvrFixture(Database db, Router router) {
        this(db, router, IvrSettings.defaults().withPort(0));
    }

    ScriptedAsterisk call(ScriptedAsterisk asterisk) throws java.io.IOException {
        return asterisk.run(ivr.port());
    }

    @Override
    public void close() {
        ivr.close();
    }
}
