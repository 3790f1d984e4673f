"""lotline.gs1 and lotline.labels stay pure: importing them loads neither Django nor lotline.core."""

import subprocess
import sys

CHECK = """
import sys
import lotline.gs1, lotline.labels
bad = sorted(m for m in sys.modules if m.split('.')[0] == 'django' or m.startswith('lotline.core'))
assert not bad, bad
"""


def test_gs1_and_labels_import_without_django_or_core():
    subprocess.run([sys.executable, "-c", CHECK], check=True)
