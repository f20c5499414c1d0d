"""PyTorch mirrors of the built-in architectures (src/engine/models/architectures), for the engine benchmark.

usage: python3 torch_models.py <arch> <input size> <batch> <threads> <min seconds>
Prints one JSON line: images per second of training steps (forward, backward, AdamW update) on random data.
BN eps and momentum match Keras (1e-3, 0.99); 'same' padding with stride 2 is approximated by padding 1,
which has the same cost.
"""
import json
import resource
import sys
import time

import torch
from torch import nn
import torch.nn.functional as F


def cbr(cin, cout, stride=1):
    return nn.Sequential(nn.Conv2d(cin, cout, 3, stride, 1, bias=False), nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01), nn.ReLU())


class Residual(nn.Module):
    def __init__(self, cin, cout, stride=1):
        super().__init__()
        self.a = cbr(cin, cout, stride)
        self.b = nn.Sequential(nn.Conv2d(cout, cout, 3, 1, 1, bias=False), nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01))
        self.shortcut = nn.Identity() if stride == 1 and cin == cout else nn.Sequential(
            nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout, eps=1e-3, momentum=0.01))

    def forward(self, x):
        return F.relu(self.b(self.a(x)) + self.shortcut(x))


class ClsS(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.body = nn.Sequential(cbr(3, 16), nn.MaxPool2d(2), cbr(16, 32), nn.MaxPool2d(2), cbr(32, 64, 2))
        self.fc = nn.Linear(64, classes)

    def forward(self, x):
        return self.fc(self.body(x).mean((2, 3)))


class ClsM(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.body = nn.Sequential(cbr(3, 32, 2), nn.MaxPool2d(2), Residual(32, 32), Residual(32, 64, 2), Residual(64, 128, 2))
        self.fc = nn.Linear(128, classes)

    def forward(self, x):
        return self.fc(self.body(x).mean((2, 3)))


def head(cin, cout):
    return nn.Sequential(nn.Conv2d(cin, 32, 3, 1, 1), nn.ReLU(), nn.Conv2d(32, cout, 1))


class CenterNetS(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.stem = cbr(3, 16, 2)
        self.s1 = nn.Sequential(cbr(16, 32, 2), cbr(32, 32))
        self.s2 = nn.Sequential(cbr(32, 64, 2), cbr(64, 64))
        self.s3 = nn.Sequential(cbr(64, 128, 2), cbr(128, 128))
        self.f8 = cbr(128 + 64, 64)
        self.f4 = cbr(64 + 32, 64)
        self.heads = nn.ModuleList([head(64, classes), head(64, 2), head(64, 2)])

    def forward(self, x):
        s4 = self.s1(self.stem(x))
        s8 = self.s2(s4)
        s16 = self.s3(s8)
        f8 = self.f8(torch.cat([F.interpolate(s16, scale_factor=2), s8], 1))
        f4 = self.f4(torch.cat([F.interpolate(f8, scale_factor=2), s4], 1))
        return [h(f4) for h in self.heads]


class UNetS(nn.Module):
    def __init__(self, classes):
        super().__init__()
        self.e1, self.e2, self.e3 = cbr(3, 16), cbr(16, 32, 2), cbr(32, 64, 2)
        self.up2 = nn.ConvTranspose2d(64, 32, 2, 2)
        self.d2, self.d1 = cbr(64, 32), cbr(48, 16)
        self.out = nn.Conv2d(16, classes, 1)

    def forward(self, x):
        e1 = self.e1(x)
        e2 = self.e2(e1)
        d2 = self.d2(torch.cat([self.up2(self.e3(e2)), e2], 1))
        d1 = self.d1(torch.cat([F.interpolate(d2, scale_factor=2), e1], 1))
        return [self.out(d1)]


ARCHS = {'cls-s': ClsS, 'cls-m': ClsM, 'det-centernet-s': CenterNetS, 'seg-unet-s': UNetS}
CLASSES = 4


def loss_of(arch, outputs, size):
    if arch.startswith('cls'):
        return F.cross_entropy(outputs, torch.zeros(outputs.shape[0], dtype=torch.long))
    if arch.startswith('seg'):
        return F.cross_entropy(outputs[0], torch.zeros(outputs[0].shape[0], size, size, dtype=torch.long))
    heat, wh, off = outputs
    return F.binary_cross_entropy_with_logits(heat, torch.zeros_like(heat)) + wh.abs().mean() + off.abs().mean()


def main():
    arch, size, batch, threads, min_seconds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    model = ARCHS[arch](CLASSES + (1 if arch.startswith('seg') else 0))
    optimizer = torch.optim.AdamW(model.parameters(), 1e-3)
    x = torch.rand(batch, 3, size, size)

    def step():
        optimizer.zero_grad()
        loss = loss_of(arch, model(x), size)
        loss.backward()
        optimizer.step()

    step()
    step()
    steps, start = 0, time.perf_counter()
    while time.perf_counter() - start < min_seconds or steps < 3:
        step()
        steps += 1
    elapsed = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({'imagesPerSecond': steps * batch / elapsed, 'peakRssMiB': rss, 'threads': threads}))


if __name__ == '__main__':
    main()
