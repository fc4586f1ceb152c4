"""
sorl-thumbnail run as its users run it: a Django process calling get_thumbnail() for each
source and size (the thumbnail tag does the same), with a minimal settings module in place of a
project's. PIL is not installed on the bench machine, so the engine is sorl's own ImageMagick
one (convert_engine); the key-value store is its dbm one, which needs no database.

Usage: python3 bench/sorl/thumbnails.py <out dir> <source dir> <width,width> <quality> <name>...
Prints one JSON line: the thumbnails made.
"""
import json
import os
import sys

out_dir, source_dir, widths, quality, *names = sys.argv[1:]

# The sources are reached through the storage, as a site's uploads are: MEDIA_ROOT holds a link
# to them, and the thumbnails land under MEDIA_ROOT/cache.
os.symlink(source_dir, os.path.join(out_dir, 'src'))

import django  # noqa: E402
from django.conf import settings  # noqa: E402

settings.configure(
    INSTALLED_APPS=['sorl.thumbnail'],
    MEDIA_ROOT=out_dir,
    MEDIA_URL='/media/',
    THUMBNAIL_ENGINE='sorl.thumbnail.engines.convert_engine.Engine',
    # The system ImageMagick, by path: what `convert` resolves to first may be something else.
    THUMBNAIL_CONVERT='/usr/bin/convert',
    THUMBNAIL_IDENTIFY='/usr/bin/identify',
    THUMBNAIL_KVSTORE='sorl.thumbnail.kvstores.dbm_kvstore.KVStore',
    THUMBNAIL_DBM_FILE=os.path.join(out_dir, 'thumbnail-kvstore'),
    THUMBNAIL_PROGRESSIVE=True,
    THUMBNAIL_UPSCALE=False,
)
django.setup()

from sorl.thumbnail import get_thumbnail  # noqa: E402

made = 0
for name in names:
    for width in widths.split(','):
        # A bare number is a width; upscale=False shrinks only, as our presets do.
        get_thumbnail(f'src/{name}', width, quality=int(quality), progressive=True, upscale=False)
        made += 1
print(json.dumps({'made': made}))
