"""The authors' agents (github marcomussi/DLB, imported from a checkout, unchanged) with the
constants of their scripts/main.py, at any horizon, fed either their own noise (np.random.seed(1),
as main.py) or this project's (noise and policy draws from rng_port, so `experiment dynlin --seed 1`
must give the same regret per trial). Writes the final pseudo-regret of every trial as JSON.

    AUTHORS_DLB=/path/to/DLB OPENBLAS_NUM_THREADS=1 python3 authors.py CONFIG HORIZON TRIALS authors|ours OUT.json [POLICIES]

Needs numpy < 1.25 (their code assigns 1x1 arrays to array elements); with numpy >= 1.25 it fails.
"""
import sys, os, types, json, math, itertools, time, warnings
import numpy as np
sys.modules['tqdm'] = types.ModuleType('tqdm'); sys.modules['tqdm.auto'] = types.ModuleType('tqdm.auto')
sys.modules['tqdm.auto'].tqdm = lambda x: x  # their runner imports it; not used here
DLB = os.environ.get('AUTHORS_DLB', 'DLB')
sys.path.insert(0, DLB)
warnings.filterwarnings('ignore')  # main.py does the same: numpy's ComplexWarning drops imaginary parts
from dynlinucb.experimental import agents as AG
from dynlinucb.experimental.environment import DynLinEnvironment
from dynlinucb.core.utils import spectr
import rng_port

def setup(config_id, horizon, n_trials):
    P = json.load(open(os.path.join(DLB, 'config', f'testcase_{config_id}.json')))
    sigma = P['noise_sigma']; n, p, m = P['n'], P['p'], P['m']
    A, B, C, D = (np.array(P[k]) for k in 'ABCD')
    mdb, mcb, mnb = P['max_daily_budget'], P['max_camp_budget'], P['min_camp_budget']
    om = np.ones((1, p))
    ll = []
    for pi in itertools.permutations(range(p)):
        budget = mdb - p * mnb; u = np.ones(p) * mnb
        for i in range(p):
            delta = min(budget, mcb - u[i]); u[pi[i]] += delta; budget -= delta
        ll.append(np.copy(u))
    acts = np.unique(np.array(ll), axis=0)
    K = acts.shape[0]
    MARKOV = D + C @ np.linalg.inv(np.eye(n) - A) @ B
    steady = np.array([(om @ MARKOV @ a.reshape(-1, 1)).item() for a in acts])
    c = dict(P=P, sigma=sigma, n=n, p=p, m=m, A=A, B=B, C=C, D=D, om=om, acts=acts, K=K, MARKOV=MARKOV,
             steady=steady, mdb=mdb, horizon=horizon, n_trials=n_trials)
    rho = max(np.linalg.eigvals(A))
    c['rho'] = rho
    c['omega'] = np.linalg.norm(om @ C, 2)
    c['u_val'] = max(np.linalg.norm(np.array(u), 2) for u in acts)
    c['b_val'] = np.linalg.norm(B, 2)
    c['phi'] = spectr(A)
    c['theta'] = np.linalg.norm(om @ D, 2)
    c['ar2_alpha'] = rho
    c['ar2_epochs'] = math.ceil(K * rho ** (-3) * sigma ** (-3))
    c['ar2_c0'] = np.sqrt(4 * np.log(1 / (rho * sigma)) + 4 * np.log(c['ar2_epochs']) + 2 * np.log(4 * K))
    c['exp3_lr'] = min(1, np.sqrt(K * np.log(K) / ((math.e - 1) * 2 * horizon / 3)))
    c['M'] = (c['theta'] + ((c['omega'] * c['b_val']) / (1 - rho))) * c['u_val']
    aux, s = 0, 0
    while s < horizon:
        aux += 1; s += 1 + math.floor(np.log(aux) / np.log(1 / rho))
    c['bs'] = math.ceil(np.log(aux) / np.log(1 / rho))
    c['blocks'] = aux
    c['bexp3_lr'] = min(1, np.sqrt(K * np.log(K) / ((math.e - 1) * 2 * (horizon / c['bs']) / 3)))
    return c

def make(name, c):
    K, p, T, acts = c['K'], c['p'], c['horizon'], c['acts']
    rho, om, th, uv, bv, ph, s2 = c['rho'], c['omega'], c['theta'], c['u_val'], c['b_val'], c['phi'], c['sigma'] ** 2
    if name == 'Exp3':
        return AG.Exp3Agent(K, gamma=c['exp3_lr'], eta=c['exp3_lr'] / K, max_reward=4 * c['M'], add_factor=2 * c['M'])
    if name == 'Batch-Exp3':
        return AG.BatchExp3Agent(K, gamma=c['bexp3_lr'], eta=c['bexp3_lr'] / K, max_reward=4 * c['M'],
                                 add_factor=2 * c['M'], batch_size=c['bs'], horizon=T, method='mean')
    if name == 'DynLin-UCB-lnT':
        return AG.LinearAgent(K, p, acts, T, np.log(T), rho, om, th, uv, bv, ph, s2, 1.0 / T, dynlinucb=True)
    if name == 'LinUCB-lnT':
        return AG.LinearAgent(K, p, acts, T, np.log(T), rho, om, th, uv, bv, ph, s2, 1.0 / T, linucb=True)
    if name == 'D-LinUCB-lnT':
        return AG.LinearAgent(K, p, acts, T, np.log(T), rho, om, th, uv, bv, ph, s2, 1.0 / T, gamma=0.999999, dlinucb=True)
    if name == 'DynLin-UCB':
        return AG.DynLinUCBAgent(K, p, acts, T, 1, rho, om, th, uv, bv, ph, s2)
    if name == 'LinUCB':
        return AG.LinUCBAgent(K, p, acts, T, 1, th, c['mdb'], c['sigma'])
    if name == 'D-LinUCB':
        return AG.DLinUCBAgent(K, p, acts, T, 1, th, c['mdb'], 0.999999999, c['sigma'])
    if name == 'AR2':
        return AG.AR2Agent(K, c['ar2_alpha'], c['ar2_epochs'], c['ar2_c0'], c['sigma'])
    if name == 'Expert':
        return AG.ExpertAgent(K, c['P']['expert'], min_action=0, max_action=1, max_global=1.5)
    raise ValueError(name)

def run(config_id, horizon, n_trials, names, noise_source, seed, out):
    c = setup(config_id, horizon, n_trials)
    T, n, m, p = horizon, c['n'], c['m'], c['p']
    if noise_source == 'authors':
        np.random.seed(1)
        noise = np.random.normal(0, c['sigma'], (n_trials, T, n))
        out_noise = np.random.normal(0, c['sigma'], (n_trials, T, m))
    else:
        noise = np.zeros((n_trials, T, n)); out_noise = np.zeros((n_trials, T, m))
        for i in range(n_trials):
            z = rng_port.noise(rng_port.derive(seed, 2 * i + 1), T, m + n) * c['sigma']
            out_noise[i] = z[:, :m]; noise[i] = z[:, m:]
    jstar = c['steady'].max()
    res = {'config': config_id, 'horizon': T, 'trials': n_trials, 'noise': noise_source,
           'constants': {k: (str(c[k]) if isinstance(c[k], complex) or np.iscomplexobj(c[k]) else float(c[k]))
                         for k in ['rho', 'omega', 'u_val', 'b_val', 'phi', 'theta', 'exp3_lr', 'M', 'bs', 'blocks',
                                   'bexp3_lr', 'ar2_epochs', 'ar2_c0']}, 'policies': {}}
    for name in names:
        if name == 'Expert' and len(c['P']['expert']) != p:
            continue
        t0 = time.time()
        agent = make(name, c)
        env = DynLinEnvironment(c['A'], c['B'], c['C'], c['D'], n, p, m, T, noise, out_noise, n_trials, c['om'])
        finals, firsts, curves = [], [], []
        for i in range(n_trials):
            if noise_source != 'authors':
                rng_port.install(AG, rng_port.derive(seed, 2 * i + 2))
            env.reset(i); agent.reset()
            cum = 0.0; curve = []
            marks = set(int(round(j * T / 20)) for j in range(1, 21))
            first = None
            for t in range(T):
                a = agent.pull_arm()
                if isinstance(a, np.ndarray):
                    u = a.reshape(p, 1)
                else:
                    u = c['acts'][a, :].reshape(p, 1)
                r = env.step(u)
                agent.update(r[0, 0] if isinstance(r, np.ndarray) else r)
                val = (c['om'] @ c['MARKOV'] @ u).item()
                cum += jstar - val
                if first is None:
                    first = [float(x) for x in u.ravel()]
                if t + 1 in marks:
                    curve.append(cum)
            finals.append(cum); firsts.append(first); curves.append(curve)
        secs = time.time() - t0
        res['policies'][name] = {'final': finals, 'first_action': firsts, 'curve20': curves, 'seconds': secs}
        print(f'{config_id} {name}: mean {np.mean(finals):.1f} std {np.std(finals):.1f} ({secs:.0f} s)', flush=True)
        json.dump(res, open(out, 'w'), indent=1)

if __name__ == '__main__':
    cfg, T, trials, noise_source, out = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
    names = sys.argv[6].split(',') if len(sys.argv) > 6 else ['Exp3', 'Batch-Exp3', 'DynLin-UCB-lnT', 'LinUCB-lnT',
        'D-LinUCB-lnT', 'DynLin-UCB', 'LinUCB', 'D-LinUCB', 'AR2', 'Expert']
    run(cfg, T, trials, names, noise_source, 1, out)
