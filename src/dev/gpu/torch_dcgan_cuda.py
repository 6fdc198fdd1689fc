#!/usr/bin/env python3
"""The PyTorch side of the GPU comparison: the MLDS 2018 course report's DCGAN (64x64,
nf = 64 x width), the same layers and step as the CPU reference peer, on CUDA when there is a
GPU (else the CPU, so the script can be tried anywhere). One full GAN step: D on real and fake,
then G through D. Prints one JSON line like the project's own benches.

    python3 torch_dcgan_cuda.py --batch 64 --width 1 --steps 20
"""
import argparse, json, time
import torch
import torch.nn as nn

p = argparse.ArgumentParser()
p.add_argument("--batch", type=int, default=64)
p.add_argument("--width", type=float, default=1.0, help="channel multiplier; 1 = nf 64")
p.add_argument("--steps", type=int, default=20)
p.add_argument("--warmup", type=int, default=3)
a = p.parse_args()
dev = torch.device("cuda" if torch.cuda.is_available() else "cpu")
nf = max(1, int(64 * a.width))

G = nn.Sequential(  # z [b, 100] -> [b, 3, 64, 64]
    nn.Linear(100, 4 * 4 * nf * 8), nn.Unflatten(1, (nf * 8, 4, 4)), nn.BatchNorm2d(nf * 8), nn.ReLU(),
    nn.ConvTranspose2d(nf * 8, nf * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(nf * 4), nn.ReLU(),  # 8x8
    nn.ConvTranspose2d(nf * 4, nf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(nf * 2), nn.ReLU(),  # 16x16
    nn.ConvTranspose2d(nf * 2, nf, 4, 2, 1, bias=False), nn.BatchNorm2d(nf), nn.ReLU(),  # 32x32
    nn.ConvTranspose2d(nf, 3, 4, 2, 1), nn.Tanh()).to(dev)  # 64x64
D = nn.Sequential(  # [b, 3, 64, 64] -> logit [b, 1]
    nn.Conv2d(3, nf, 4, 2, 1), nn.LeakyReLU(0.2),  # 32x32
    nn.Conv2d(nf, nf * 2, 4, 2, 1, bias=False), nn.BatchNorm2d(nf * 2), nn.LeakyReLU(0.2),  # 16x16
    nn.Conv2d(nf * 2, nf * 4, 4, 2, 1, bias=False), nn.BatchNorm2d(nf * 4), nn.LeakyReLU(0.2),  # 8x8
    nn.Conv2d(nf * 4, nf * 8, 4, 2, 1, bias=False), nn.BatchNorm2d(nf * 8), nn.LeakyReLU(0.2),  # 4x4
    nn.Flatten(), nn.Linear(nf * 8 * 16, 1)).to(dev)
oG = torch.optim.Adam(G.parameters(), 2e-4, betas=(0.5, 0.999))
oD = torch.optim.Adam(D.parameters(), 2e-4, betas=(0.5, 0.999))
bce = nn.BCEWithLogitsLoss()
real = torch.rand(a.batch, 3, 64, 64, device=dev) * 2 - 1


def step():
    z = torch.randn(a.batch, 100, device=dev)
    fake = G(z)
    oD.zero_grad()
    lr, lf = D(real), D(fake.detach())
    (bce(lr, torch.ones_like(lr)) + bce(lf, torch.zeros_like(lf))).backward()
    oD.step()
    oG.zero_grad()
    lf = D(fake)
    loss = bce(lf, torch.ones_like(lf))
    loss.backward()
    oG.step()
    # Our bench reads each step's losses back; so does this, to time the same work.
    return loss.item()


def sync():
    if dev.type == "cuda":
        torch.cuda.synchronize()


for _ in range(a.warmup):
    step()
sync()
t = time.perf_counter()
for _ in range(a.steps):
    step()
sync()
dt = (time.perf_counter() - t) / a.steps
print(json.dumps({"peer": f"pytorch-{dev.type}", "torch": torch.__version__,
                  "device": torch.cuda.get_device_name(0) if dev.type == "cuda" else "cpu",
                  "batch": a.batch, "width": a.width, "steps": a.steps,
                  "msPerStep": round(dt * 1000, 2), "imgPerSec": round(a.batch / dt, 1)}))
