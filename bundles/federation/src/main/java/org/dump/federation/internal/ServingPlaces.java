package org.dump.federation.internal;

import java.util.concurrent.Semaphore;

/** Places for requests served at once, whose number can change while some are taken. */
final class ServingPlaces extends Semaphore {

    private static final long serialVersionUID = 1L;
    private int size;

    ServingPlaces(int size) {
        super(size);
        this.size = size;
    }

    synchronized void resize(int newSize) {
        if (newSize > size) {
            release(newSize - size);
        } else if (newSize < size) {
            reducePermits(size - newSize); // below zero while more than newSize are taken
        }
        size = newSize;
    }
}
