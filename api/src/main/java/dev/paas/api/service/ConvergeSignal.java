package dev.paas.api.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

/**
 * Wakes the scheduler leader (in whichever control plane it runs) when desired or actual state
 * changed. PostgreSQL delivers the notification only if the surrounding transaction commits.
 */
@ApplicationScoped
public class ConvergeSignal {

    private final EntityManager em;

    public ConvergeSignal(EntityManager em) {
        this.em = em;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void poke() {
        em.createNativeQuery("select pg_notify('paas_converge', '')").getSingleResult();
    }
}
