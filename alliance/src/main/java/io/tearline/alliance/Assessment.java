package io.tearline.alliance;

import java.time.LocalDate;

/** An assessor's finding on one nation and one control, valid from {@code assessedOn} to {@code expiresOn}. */
public record Assessment(String nation, String control, Status status, String assessor, String evidence,
                         LocalDate assessedOn, LocalDate expiresOn) {

    /** True when MET and not expired on {@code day} (the expiry day itself still counts). */
    public boolean metOn(LocalDate day) {
        return status == Status.MET && !day.isAfter(expiresOn) && !day.isBefore(assessedOn);
    }
}
