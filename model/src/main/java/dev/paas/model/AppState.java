package dev.paas.model;

/** The desired state of an app, as in Cloud Foundry: what the user asked for, not what runs. */
public enum AppState {
    STARTED, STOPPED
}
