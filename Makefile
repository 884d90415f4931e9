# The two commands of README.md. Both bootstrap first, so they work on a fresh Debian machine.
SWIFT ?= swift
DEMO_RUN ?= runs/demo
FASHION ?= /usr/share/datasets/fashion-mnist

.PHONY: demo test bootstrap build

bootstrap:
	bash scripts/bootstrap

build: bootstrap
	$(SWIFT) build -c release --product fovea

# Train on Fashion-MNIST, evaluate on its official test set, save the run, predict a few test images.
demo: build
	$(eval FOVEA := $(shell $(SWIFT) build -c release --show-bin-path)/fovea)
	$(FOVEA) train $(FASHION) --arch convnet-bn --epochs 2 --batch-size 128 --lr 3e-3 --seed 0 --out $(DEMO_RUN)
	$(FOVEA) evaluate $(DEMO_RUN)
	$(FOVEA) samples $(FASHION) --count 6 --out $(DEMO_RUN)/samples
	$(FOVEA) predict $(DEMO_RUN) $(DEMO_RUN)/samples/*.png

# Serial: libtorch has one random generator per process, and the golden tests compare seeded draws exactly.
# FOVEA_REQUIRE_BROWSER: the report tests fail, rather than skip their browser half, without Chromium.
test:
	bash scripts/bootstrap --test
	FOVEA_REQUIRE_BROWSER=1 $(SWIFT) test --no-parallel
