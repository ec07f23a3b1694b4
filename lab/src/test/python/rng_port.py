"""Port of io.streamlearn.models.Rng (SplitMix64) and of LinearDynamicalEnvironment's noise, and a
numpy stand-in for the authors' agents whose draws come from it: a test harness, not a second RNG
of the product."""
import math, types
import numpy as np
M64 = (1 << 64) - 1
GOLDEN = 0x9E3779B97F4A7C15

def mix64(z):
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)

def derive(seed, stream):
    return mix64((mix64((seed + GOLDEN) & M64) ^ mix64((stream * GOLDEN + 0x632BE59BD9B4E019) & M64)) & M64)

def to_signed(x, bits):
    x &= (1 << bits) - 1
    return x - (1 << bits) if x >> (bits - 1) else x

class Rng:
    def __init__(self, seed):
        self.state = seed & M64
    def next_long(self):
        self.state = (self.state + GOLDEN) & M64
        return mix64(self.state)
    def next_double(self):
        return (self.next_long() >> 11) * 2.0 ** -53
    def _next_int(self):
        self.state = (self.state + GOLDEN) & M64
        z = self.state
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & M64
        return to_signed((((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & M64) >> 32, 32)
    def next_int(self, bound):
        r = self._next_int(); m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            if to_signed(u + m - r, 32) >= 0:
                return r
            u = (self._next_int() & 0xFFFFFFFF) >> 1
    def next_gaussian(self):
        u = self.next_double(); v = self.next_double()
        return math.sqrt(-2 * math.log(1 - u)) * math.cos(2 * math.pi * v)

def noise(noise_seed, T, k):
    """LinearDynamicalEnvironment.fillNoise for rounds 0..T-1 (unit sigma), vectorised."""
    with np.errstate(over='ignore'):
        t = np.arange(T, dtype=np.uint64)
        g = np.uint64(GOLDEN)
        def vmix(z):
            z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
            z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
            return z ^ (z >> np.uint64(31))
        a = np.uint64(mix64((noise_seed + GOLDEN) & M64))
        st = vmix(a ^ vmix(t * g + np.uint64(0x632BE59BD9B4E019)))
        out = np.zeros((T, k))
        for i in range(k):
            st = st + g; u = (vmix(st) >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
            st = st + g; v = (vmix(st) >> np.uint64(11)).astype(np.float64) * 2.0 ** -53
            out[:, i] = np.sqrt(-2 * np.log(1 - u)) * np.cos(2 * np.pi * v)
        return out

class _Random:
    def __init__(self, seed):
        self.rng = Rng(seed)
    def seed(self, s):
        pass
    def uniform(self, low=0.0, high=1.0, size=None):
        # the agents' first action int(uniform(high=K)): the Java policies draw nextInt(K)
        return self.rng.next_int(int(high)) + 0.5
    def choice(self, a, p=None, size=None):
        a = np.asarray(a)
        if p is None:
            return a[self.rng.next_int(len(a))]
        u = self.rng.next_double(); c = 0.0
        for i, pi in enumerate(p):
            c += pi
            if u < c:
                return a[i]
        return a[-1]

TIE = 1e-12

def argmax(x, *args, **kwargs):
    """Ties (within TIE relative of the maximum) to the first arm, as the Java policies break them:
    numpy's argmax would let rounding decide the exact ties of symmetric arm sets."""
    x = np.asarray(x).ravel()
    mx = np.max(x)
    return int(np.nonzero(x >= mx - TIE * abs(mx))[0][0])

def install(module, seed):
    shim = types.ModuleType('np_shim')
    shim.__dict__.update({k: getattr(np, k) for k in dir(np) if not k.startswith('__')})
    shim.random = _Random(seed)
    shim.argmax = argmax
    module.np = shim
