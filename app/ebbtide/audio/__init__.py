"""Sound for Ebbtide: decoding, synthesis, mixing and one playback engine. No Qt here.

Everything runs at one sample rate so the mixer never has to guess.
"""

SAMPLE_RATE = 44100
