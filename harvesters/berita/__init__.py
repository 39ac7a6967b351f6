"""News harvester (INONG): website news of SKPK, gampong and dayah."""
