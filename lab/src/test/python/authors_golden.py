"""Golden rows of lab/src/test/java/.../ads/AuthorsReplicaTest from the authors' agents, driven by
this project's noise and policy draws (rng_port): trial 0 of `experiment dynlin --seed 1 --horizon T`.

    AUTHORS_DLB=/path/to/DLB OPENBLAS_NUM_THREADS=1 python3 authors_golden.py
"""
import numpy as np
import authors as RA
import rng_port

def golden(config_id, T, names, rounds, sigma_world=None):
    c = RA.setup(config_id, T, 1)
    n, m, p = c['n'], c['m'], c['p']
    z = rng_port.noise(rng_port.derive(1, 1), T, m + n) * (c['sigma'] if sigma_world is None else sigma_world)
    out_noise, noise = z[None, :, :m], z[None, :, m:]
    jstar = c['steady'].max()
    rows = []
    for name in names:
        agent = RA.make(name, c)
        env = RA.DynLinEnvironment(c['A'], c['B'], c['C'], c['D'], n, p, m, T, noise, out_noise, 1, c['om'])
        rng_port.install(RA.AG, rng_port.derive(1, 2))
        env.reset(0); agent.reset()
        arms, cum = [], 0.0
        for t in range(T):
            a = agent.pull_arm()
            if isinstance(a, np.ndarray):
                u = a.reshape(p, 1); idx = int(np.where((c['acts'] == u.ravel()).all(axis=1))[0][0])
            else:
                idx = int(a); u = c['acts'][idx].reshape(p, 1)
            r = env.step(u)
            agent.update(r[0, 0])
            cum += jstar - (c['om'] @ c['MARKOV'] @ u).item()
            if t < rounds:
                arms.append(idx)
        rows.append((config_id, name, ' '.join(map(str, arms)), repr(cum)))
    return rows

if __name__ == '__main__':
    names = ['DynLin-UCB', 'DynLin-UCB-lnT', 'LinUCB', 'LinUCB-lnT', 'D-LinUCB', 'D-LinUCB-lnT', 'Exp3', 'Batch-Exp3', 'AR2']
    for cfg in ['synt_sigma0dot1', 'realdata']:
        for row in golden(cfg, 2000, names, 120):
            print('        {"%s", "%s", "%s", "%s"},' % row)
