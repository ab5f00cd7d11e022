package pe.centralunica.db.journal;

/** A byte position in the spool: segment number and offset inside it. */
record SpoolPosition(long segment, long offset) implements Comparable<SpoolPosition> {

    @Override
    public int compareTo(SpoolPosition o) {
        int c = Long.compare(segment, o.segment);
        return c != 0 ? c : Long.compare(offset, o.offset);
    }

    @Override
    public String toString() {
        return "segment " + segment + " @" + offset;
    }
}
