package dev.conveyor.gateway.user;

/** What a user may do: ADMIN manages users and sees everything; the others manage their own tasks and runs. */
public enum Role {
    ADMIN, REGISTERED, INVITED
}
