#!/usr/bin/perl
# MARC::Lint (Perl, libmarc-lint-perl) over ISO 2709 files: prints each warning as
# "<file> <record number>: <warning>", nothing for a clean file. Used by tests/formats/test_marc.py.
use strict;
use warnings;
use MARC::File::USMARC;
use MARC::Lint;

binmode STDOUT, ':utf8';
my $lint = MARC::Lint->new;
for my $path (@ARGV) {
    my $file = MARC::File::USMARC->in($path) or die "cannot read $path\n";
    my $number = 0;
    while (my $record = $file->next) {
        $number++;
        $lint->check_record($record);
        print "$path $number: $_\n" for $lint->warnings;
    }
    $file->close;
}
